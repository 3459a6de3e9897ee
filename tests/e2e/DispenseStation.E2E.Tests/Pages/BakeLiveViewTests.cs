using System.Text.Json;
using DispenseStation.Gateway.Tests.App;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests.Pages;

/// <summary>
/// The live bake view's figures (js/bake-live.js) computed in the browser on traces whose answers are known: rate of rise,
/// time in band, the segment countdown at and around a segment boundary, station time mapped to the gateway clock, markers.
/// </summary>
public sealed class BakeLiveViewTests
{
    private static async Task<T> EvalAsync<T>(IPage page, string script)
    {
        var json = await page.EvaluateAsync<string>($"() => JSON.stringify(({script}))");
        return JsonSerializer.Deserialize<T>(json, AppHarness.Json)!;
    }

    [SkippableFact]
    public async Task Rate_of_rise_time_in_band_and_the_segment_countdown_are_exact_on_known_traces()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(h.Http.BaseAddress + "#/bake");
        await Assertions.Expect(page.Locator("#bake-form")).ToBeVisibleAsync();
        // A trace at 1 s: the plate rises 2 °C per minute from 100 °C; the gateway clock runs 40x slower than the station's (a
        // 40x simulation), so station second t is at 06:00:00 + t/40 s.
        await page.EvaluateAsync("""
            () => { window.trace = Array.from({ length: 121 }, (_, t) => ({ timeS: t, at: new Date(Date.UTC(2026, 11, 1, 6, 0, 0) + t * 25).toISOString(),
              plateC: 100 + t / 30, setpointC: 101 })); }
            """);
        Assert.Equal(2.0, await EvalAsync<double>(page, "rateOfRise(trace)"), 9);
        // Within ±0.5 °C of 101 °C: plate 100.5..101.5, i.e. t = 15..45 (30 s, counted by the sample that starts each second).
        Assert.Equal(31.0, await EvalAsync<double>(page, "timeInBand(trace, 0, 0.5)"), 9);
        Assert.Equal(16.0, await EvalAsync<double>(page, "timeInBand(trace, 30, 0.5)"), 9);
        Assert.Equal(Date(25 * 60), await EvalAsync<double>(page, "stationToAt(trace, 60)"));
        Assert.Equal(Date(25 * 60.5), await EvalAsync<double>(page, "stationToAt(trace, 60.5)"));

        // Two segments, 30 s at 100 °C then 60 s at 110 °C, wafer down at station second 10.
        const string profile = "({ segments: [{ setpointC: 100, holdS: 30, bandC: 0.3 }, { setpointC: 110, holdS: 60, bandC: 0.3 }], plannedS: 90 })";
        var first = await EvalAsync<Segment>(page, $"segmentNow({profile}, 10, 39.5)");
        Assert.Equal((0, 0.5, 60.5), (first.Index, first.LeftS, first.TotalLeftS));
        var boundary = await EvalAsync<Segment>(page, $"segmentNow({profile}, 10, 40)"); // exactly 30 s on the plate: the second segment starts
        Assert.Equal((1, 60.0, 60.0, 40.0), (boundary.Index, boundary.LeftS, boundary.TotalLeftS, boundary.StartS));
        var over = await EvalAsync<Segment>(page, $"segmentNow({profile}, 10, 105)"); // past the plan: the last segment at 0 left
        Assert.Equal((1, 0.0, 0.0), (over.Index, over.LeftS, over.TotalLeftS));
        Assert.Null(await EvalAsync<Segment?>(page, $"segmentNow({profile}, null, 40)"));

        // The read-out of a job with a wafer down at station second 10, seen at second 120.
        var readout = await page.EvaluateAsync<string>($$"""
            () => { const d = { trace, profile: {{profile}}, live: { wafer: 0, phase: "down", downTimeS: 10 }, wafers: [] };
                    const el = document.createElement("div"); el.innerHTML = bakeReadoutHtml(d);
                    return [...el.querySelectorAll("dd")].map(x => x.id + "=" + x.textContent.replace(/\s+/g, " ").trim()).join("|"); }
            """);
        Assert.Contains("ro-rate=+2.00 °C/min (last 30 s)", readout);
        Assert.Contains("ro-segment=2 of 2: 110.0 °C, 0:00 left", readout);
        Assert.Contains("ro-plate=104.00 °C", readout);
        Assert.Contains("ro-band=0.0 s within ±0.30 °C this segment", readout); // from station second 40 the plate is above 101.3 °C

        // Markers: the wafer's landing, its segment change and its removal, on the gateway clock; alarms at their time.
        var marks = await EvalAsync<Marker[]>(page, $$"""
            bakeMarkers({ trace, profile: {{profile}}, live: null, wafers: [{ wafer: 0, downTimeS: 10, timeOnPlateS: 90 }] },
                        [{ code: "HP-OVERTEMP", raisedAt: "2026-12-01T06:00:01Z" }])
            """);
        Assert.Equal(["wafer 1 down", "segment 2: 110.0 °C", "wafer 1 off", "alarm HP-OVERTEMP"], marks.Select(m => m.Label));
        Assert.Equal([Date(250), Date(1000), Date(2500), Date(1000)], marks.Select(m => m.At));
    }

    private static double Date(double msAfterSix) => new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() + msAfterSix;

    private sealed record Segment(int Index, double StartS, double LeftS, double TotalLeftS);
    private sealed record Marker(double At, string Label, string Kind);
}
