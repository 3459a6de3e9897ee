using CsCheck;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.Protocol.Tests.Json;

namespace DispenseStation.Protocol.Tests;

/// <summary>Random messages survive write then parse, up to the documented decimals.</summary>
public class MessagePropertyTests
{
    public const int Cases = 1000;

    private static Gen<double> MaybeNaN(Gen<double> g) => Gen.Frequency((5, g), (1, Gen.Const(double.NaN)));

    private static void AssertClose(double expected, double actual, int decimals)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual:R}");
            return;
        }
        double tolerance = 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9) + 1e-12 * Math.Abs(expected); // half a unit in the last written place
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{expected:R} came back as {actual:R} ({decimals} decimals)");
    }

    [Fact]
    public void Telemetry_round_trips()
    {
        var sample = Gen.Select(Gen.Long[0, long.MaxValue], MaybeNaN(Gen.Double[-1000, 1000]), Gen.Bool, MaybeNaN(Gen.Double[-50, 400]),
            MaybeNaN(Gen.Double[0, 400]), MaybeNaN(Gen.Double[0, 1]), Gen.Double[0, 50].Array[0, 8]);
        var gen = Gen.Select(Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue], sample.Array[0, 10]);
        gen.Sample((seq, ts, samples) =>
        {
            var m = new TelemetryMessage(samples.Length, 0) { Seq = seq, UptimeMs = ts, SampleCount = samples.Length };
            for (int i = 0; i < samples.Length; i++)
            {
                var (sts, grams, stable, plate, setpoint, duty, pumps) = samples[i];
                var s = m.Samples[i];
                (s.UptimeMs, s.ScaleGrams, s.ScaleStable, s.PlateC, s.SetpointC, s.HeaterDuty, s.PumpRates) = (sts, grams, stable, plate, setpoint, duty, pumps);
            }
            var w = new JsonWriter(16 * 1024);
            Assert.True(m.WriteTo(w) > 0);
            Assert.True(TelemetryMessage.TryParse(w.Buffer, 0, w.Length, out var p, out var error), error);
            Assert.Equal(seq, p.Seq);
            Assert.Equal(ts, p.UptimeMs);
            Assert.Equal(samples.Length, p.SampleCount);
            for (int i = 0; i < samples.Length; i++)
            {
                TelemetrySample e = m.Samples[i], a = p.Samples[i];
                Assert.Equal(e.UptimeMs, a.UptimeMs);
                Assert.Equal(e.ScaleStable, a.ScaleStable);
                AssertClose(e.ScaleGrams, a.ScaleGrams, Decimals.Grams);
                AssertClose(e.PlateC, a.PlateC, Decimals.Temperature);
                AssertClose(e.SetpointC, a.SetpointC, Decimals.Temperature);
                AssertClose(e.HeaterDuty, a.HeaterDuty, Decimals.Duty);
                Assert.Equal(e.PumpRates.Length, a.PumpRates.Length);
                for (int c = 0; c < e.PumpRates.Length; c++) AssertClose(e.PumpRates[c], a.PumpRates[c], Decimals.Grams);
            }
        }, iter: Cases);
    }

    [Fact]
    public void Events_with_any_text_round_trip()
    {
        var text = JsonGen.Text.Where(t => t.Length > 0 && !HasLoneSurrogate(t));
        var gen = Gen.Select(Gen.OneOfConst(EventKinds.All), text, text, Gen.Int[0, 7], Gen.Double[0, 1000], Gen.Double[-1, 1], Gen.OneOfConst(Severities.All));
        gen.Sample((kind, message, code, channel, target, error, severity) =>
        {
            var m = new EventMessage
            {
                Seq = 1, UptimeMs = 2, Kind = kind, Message = message, BatchId = code, AlarmCode = code, Severity = severity,
                Channel = channel, TargetGrams = target, ActualGrams = target + error, ErrorGrams = error, Success = error < 0.5,
            };
            if (kind == EventKinds.Tuning) { m.Status = TuningStatuses.Current; m.Kp = 0.1; m.Ti = 60; m.Td = 0; }
            var w = new JsonWriter(4096);
            m.WriteTo(w);
            Assert.True(EventMessage.TryParse(w.Buffer, 0, w.Length, out var p, out var why), why);
            Assert.Equal(kind, p.Kind);
            Assert.Equal(message, p.Message);
            Assert.Equal(code, p.AlarmCode);
            Assert.Equal(severity, p.Severity);
            Assert.Equal(channel, p.Channel);
            AssertClose(target, p.TargetGrams, Decimals.Grams);
            AssertClose(target + error, p.ActualGrams, Decimals.Grams);
            if (kind == EventKinds.DoseResult) Assert.Equal(error < 0.5, p.Success);
        }, iter: Cases);
    }

    [Fact]
    public void Random_valid_recipes_round_trip_through_the_start_command()
    {
        var dose = Gen.Select(Gen.Int[0, 7], Gen.Double[0.01, 20], Gen.Double[0.001, 0.009], Gen.Double[1, 600])
            .Select((ch, target, tol, timeout) => new RecipeStep { Kind = StepKinds.Dose, Name = "dose", Channel = ch, TargetGrams = target, ToleranceGrams = tol, TimeoutS = timeout });
        var segment = Gen.Select(Gen.Double[0, 400], Gen.Double[0, 100], Gen.Double[0, 3600], Gen.Double[0.01, 10])
            .Select((sp, ramp, hold, band) => new BakeSegment(sp, ramp, hold, band));
        var bake = segment.Array[1, 16].Select(segs => new RecipeStep { Kind = StepKinds.Bake, Name = "bake", Bake = segs });
        var other = Gen.OneOfConst(
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare" },
            new RecipeStep { Kind = StepKinds.Mix, Name = "mix", DurationS = 12.5 },
            new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Prompt, Name = "ask", PromptText = "Place the wafer \"A\"\n then confirm" });
        var step = Gen.Frequency((4, dose), (1, bake), (2, other));
        var gen = Gen.Select(step.Array[1, 64], JsonGen.Text.Where(t => t.Length is > 0 and <= 64 && !HasLoneSurrogate(t)));
        gen.Sample((steps, batchId) =>
        {
            var recipe = new ControlRecipe { BatchId = batchId, MaxBottleGrams = 2000, Steps = steps };
            var w = new JsonWriter(64 * 1024);
            Assert.True(new CommandMessage { Id = "c", Name = CommandNames.Start, Recipe = recipe }.WriteTo(w) > 0);
            // Up to 64 steps of up to 16 bake segments can outgrow a command: such a one is refused by its size, whole.
            if (w.Length > Limits.MaxCommandBytes)
            {
                Assert.False(CommandMessage.TryParse(CommandNames.Start, w.Buffer, 0, w.Length, out _, out var tooLarge));
                Assert.Equal($"payload: larger than {Limits.MaxCommandBytes} bytes", tooLarge);
                return;
            }
            Assert.True(CommandMessage.TryParse(CommandNames.Start, w.Buffer, 0, w.Length, out var p, out var error), error);
            Assert.Equal(batchId, p.Recipe.BatchId);
            Assert.Equal(steps.Length, p.Recipe.Steps.Length);
            for (int i = 0; i < steps.Length; i++)
            {
                RecipeStep e = steps[i], a = p.Recipe.Steps[i];
                Assert.Equal(e.Kind, a.Kind);
                Assert.Equal(e.Channel, a.Channel);
                AssertClose(e.TargetGrams, a.TargetGrams, Decimals.Grams);
                AssertClose(e.ToleranceGrams, a.ToleranceGrams, Decimals.Grams);
                AssertClose(e.TimeoutS, a.TimeoutS, Decimals.Seconds);
                Assert.Equal(e.PromptText, a.PromptText);
                Assert.Equal(e.Bake?.Length, a.Bake?.Length);
                for (int j = 0; j < (e.Bake?.Length ?? 0); j++)
                {
                    AssertClose(e.Bake![j].SetpointC, a.Bake![j].SetpointC, Decimals.Temperature);
                    AssertClose(e.Bake[j].RampCPerMin, a.Bake[j].RampCPerMin, Decimals.Temperature);
                    AssertClose(e.Bake[j].HoldS, a.Bake[j].HoldS, Decimals.Seconds);
                    AssertClose(e.Bake[j].BandC, a.Bake[j].BandC, Decimals.Temperature);
                }
            }
        }, iter: Cases);
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }
}
