using DispenseStation.Composition.Errors;
using DispenseStation.Gateway.BakeJobs;
using DispenseStation.Protocol.Bake;

namespace DispenseStation.Gateway.Tests.BakeJobs;

/// <summary>Bake profiles: the shipped files parse; each kind of bad input is refused naming field, line and rule.</summary>
public class BakeProfileParserTests
{
    private const string Good = """
        name: peb-test
        version: 2
        process: post-exposure
        wafer: { size: 200mm, proximityGapMm: 0.1 }
        segments:
          - { setpointC: 110, holdS: 60, bandC: 0.3 }
        tolerances: { timeOnPlateS: 2, maxDoseDeficitPercent: 8 }
        """;

    private static InputError Single(string yaml, double limit = 180)
    {
        var e = Assert.Throws<CompositionException>(() => BakeProfileParser.Parse(yaml, "p.yaml", limit));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void The_shipped_profiles_parse()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "library", "bake-profiles");
        var files = Directory.GetFiles(dir, "*.yaml");
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var p = BakeProfileParser.Parse(File.ReadAllText(f), Path.GetFileName(f), 180);
            Assert.True(p.PlannedS > 0);
        }
    }

    [Fact]
    public void A_good_profile_reads_its_wafer_and_the_gap_time_constant()
    {
        var p = BakeProfileParser.Parse(Good, "p.yaml", 180);
        Assert.Equal(("peb-test", 2, 60.0, 6600.0), (p.Name, p.Version, p.PlannedS, p.IdealDoseCs));
        Assert.InRange(p.WaferHeatCapacityJPerK, 36, 38); // 200 mm silicon: the simulated plant's 37 J/K
        Assert.InRange(p.WaferTauS, 3.5, 5); // 0.1 mm of air under 0.725 mm of silicon
    }

    [Fact]
    public void A_setpoint_at_the_plate_limit_is_accepted_and_just_above_it_refused()
    {
        BakeProfileParser.Parse(Good.Replace("setpointC: 110", "setpointC: 180"), "p.yaml", 180);
        var e = Single(Good.Replace("setpointC: 110", "setpointC: 180.1"), 180);
        Assert.Equal(("segments[0].setpointC", "180.1 °C is above the plate's limit 180 °C", 6), (e.Field, e.Message, e.Line));
    }

    [Theory]
    [InlineData("holdS: 60", "holdS: -5", "segments[0].holdS", "-5 is negative; must be at least 0")]
    [InlineData("bandC: 0.3", "bandC: 0", "segments[0].bandC", "0 is outside the allowed range (0, 20]")]
    [InlineData("size: 200mm", "size: 450mm", "wafer.size", "unknown wafer size '450mm'; known: 100mm, 150mm, 200mm, 300mm, coupon-25mm")]
    [InlineData("holdS: 60", "holdS: 0", "segments", "the hold times must add up to more than 0 s (the time on plate)")]
    [InlineData("timeOnPlateS: 2", "timeOnPlateS: -1", "tolerances.timeOnPlateS", "-1 is negative; must be at least 0")]
    [InlineData("process: post-exposure", "process: hard-bake", "process", "'hard-bake' is not one of: post-apply, post-exposure, other")]
    public void Bad_fields_are_refused_with_the_field_and_the_rule(string from, string to, string field, string rule)
    {
        var e = Single(Good.Replace(from, to));
        Assert.Equal((field, rule), (e.Field, e.Message));
    }

    [Fact]
    public void Max_backdate_may_be_the_time_on_plate_not_more_and_goes_to_the_station_in_the_job()
    {
        var p = BakeProfileParser.Parse(Good + "\nmaxBackdateS: 60\n", "p.yaml", 180);
        Assert.Equal(60, p.MaxBackdateS);
        Assert.Equal(60, BakeJobOrchestrator.Spec("J-1", p, 1).MaxBackdateS);
        var e = Single(Good + "\nmaxBackdateS: 60.001\n");
        Assert.Equal(("maxBackdateS", "must be at most the time on plate (60 s): a wafer down longer ago is already baked"), (e.Field, e.Message));
        Assert.Equal("maxBackdateS", Single(Good + "\nmaxBackdateS: 0\n").Field);
        // Absent: the station's default (30 s) applies.
        var plain = BakeProfileParser.Parse(Good, "p.yaml", 180);
        Assert.Null(plain.MaxBackdateS);
        Assert.True(double.IsNaN(BakeJobOrchestrator.Spec("J-1", plain, 1).MaxBackdateS));
    }

    [Fact]
    public void An_empty_segment_list_is_refused()
    {
        var e = Single("name: x\nversion: 1\nwafer: { size: 200mm }\nsegments: []\n");
        Assert.Equal(("segments", "must not be empty: a profile has 1 to 16 segments"), (e.Field, e.Message));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_unknown_fields_are_named()
    {
        var e = Assert.Throws<CompositionException>(() => BakeProfileParser.Parse("name: x\nversion: 1\nwafer: { size: 5mm }\nsegments: []\ncolour: red\n", "p.yaml", 180));
        Assert.Equal(["colour", "wafer.size", "segments"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_before_parsing()
    {
        var e = Single(Good + "\n#" + new string('x', BakeProfileParser.MaxBytes));
        Assert.Equal("(document)", e.Field);
    }
}

/// <summary>Pass/fail of a wafer against its profile's tolerances, at the boundaries.</summary>
public class WaferEvaluationTests
{
    private static readonly BakeProfile Profile = BakeProfileParser.Parse("""
        name: p
        version: 1
        wafer: { size: 200mm }
        segments: [ { setpointC: 110, holdS: 60, bandC: 0.3 } ]
        tolerances: { timeOnPlateS: 2, maxDoseDeficitPercent: 8, maxDipC: 3, maxRecoverS: 40 }
        """, "p", 180);

    [Theory]
    [InlineData(62.0, true)]
    [InlineData(62.01, false)]
    [InlineData(58.0, true)]
    [InlineData(57.99, false)]
    public void Time_on_plate_passes_within_its_tolerance_and_fails_just_outside(double onPlate, bool pass)
    {
        Assert.Equal(pass, WaferEvaluation.Evaluate(Profile, WaferRemovals.OnTime, onPlate, 1, 20, 6300, 6600).Passed);
    }

    [Fact]
    public void Short_and_overbaked_wafers_fail_saying_so()
    {
        var (ok, why) = WaferEvaluation.Evaluate(Profile, WaferRemovals.Short, 30, 1, 20, 3000, 6600);
        Assert.False(ok);
        Assert.StartsWith("short bake: removed after 30.0 s of 60.0 s", why);
        (ok, why) = WaferEvaluation.Evaluate(Profile, WaferRemovals.Overbake, 61.5, 1, 20, 6500, 6600);
        Assert.False(ok);
        Assert.Equal("overbake: on the plate 61.5 s of 60.0 s", why);
    }

    [Fact]
    public void Dose_dip_and_recovery_limits_each_fail_with_their_numbers()
    {
        Assert.True(WaferEvaluation.Evaluate(Profile, WaferRemovals.OnTime, 60, 3, 40, 6600 * 0.92, 6600).Passed);
        var (_, why) = WaferEvaluation.Evaluate(Profile, WaferRemovals.OnTime, 60, 3.5, null, 6000, 6600);
        Assert.Equal("thermal dose 9.1 % below the ideal bake (limit 8.0 %); plate dip 3.50 °C above 3.00 °C; the wafer never came within ±0.1 °C of the setpoint", why);
    }
}
