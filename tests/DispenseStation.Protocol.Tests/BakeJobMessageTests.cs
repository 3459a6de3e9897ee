using System.Text;
using System.Text.RegularExpressions;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Tests;

/// <summary>bake-job, wafer-down and wafer-removed commands and the bake-job/wafer events: round trips,
/// field-naming errors, and that the old event parser still reads the new kinds.</summary>
public partial class BakeJobMessageTests
{
    private static byte[] B(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    private static BakeJobSpec Job() => new()
    {
        JobId = "J-1", Profile = "peb-110", ProfileVersion = 3, Wafers = 5,
        Segments = new[] { new BakeSegment(110, 0, 60, 0.3) },
        WaferHeatCapacityJPerK = 37, WaferC = 22, StableS = 10, PlaceTimeoutS = 120, RemoveGraceS = 3,
    };

    private static CommandMessage RoundTrip(CommandMessage command)
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = command.WriteTo(w);
        Assert.True(n > 0);
        Assert.True(CommandMessage.TryParse(command.Name, w.Buffer, 0, n, out var parsed, out var error), error);
        return parsed;
    }

    private static string CommandError(string name, string json)
    {
        byte[] bytes = B(json);
        Assert.False(CommandMessage.TryParse(name, bytes, 0, bytes.Length, out var m, out var error));
        Assert.Null(m);
        return error;
    }

    [Fact]
    public void Bake_job_round_trips()
    {
        var parsed = RoundTrip(new CommandMessage { Id = "b1", Name = CommandNames.BakeJob, Job = Job() });
        var job = parsed.Job;
        Assert.Equal("J-1", job.JobId);
        Assert.Equal("peb-110", job.Profile);
        Assert.Equal(3, job.ProfileVersion);
        Assert.Equal(5, job.Wafers);
        Assert.Single(job.Segments);
        Assert.Equal(110, job.Segments[0].SetpointC, 9);
        Assert.Equal(60, job.TimeOnPlateS(), 9);
        Assert.Equal(37, job.WaferHeatCapacityJPerK, 9);
        Assert.Equal(120, job.PlaceTimeoutS, 9);
        Assert.Equal(3, job.RemoveGraceS, 9);
    }

    [Fact]
    public void Wafer_buttons_round_trip_with_their_index()
    {
        Assert.Equal(4, RoundTrip(new CommandMessage { Id = "w1", Name = CommandNames.WaferDown, Wafer = 4 }).Wafer);
        Assert.Equal(0, RoundTrip(new CommandMessage { Id = "w2", Name = CommandNames.WaferRemoved, Wafer = 0 }).Wafer);
    }

    [Fact]
    public void Wafer_down_already_down_round_trips_and_is_absent_by_default()
    {
        Assert.True(RoundTrip(new CommandMessage { Id = "w3", Name = CommandNames.WaferDown, Wafer = 1, AlreadyDown = true }).AlreadyDown);
        var plain = new CommandMessage { Id = "w4", Name = CommandNames.WaferDown, Wafer = 1 };
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = plain.WriteTo(w);
        Assert.DoesNotContain(BakeCommands.AlreadyDownField, Encoding.UTF8.GetString(w.Buffer, 0, n));
        Assert.False(RoundTrip(plain).AlreadyDown);
        // Only wafer-down reads it: wafer-removed skips the field as it skips any unknown one.
        byte[] removed = B("{'id':'w5','wafer':0,'alreadyDown':true}");
        Assert.True(CommandMessage.TryParse(CommandNames.WaferRemoved, removed, 0, removed.Length, out var r, out var error), error);
        Assert.False(r.AlreadyDown);
    }

    [Fact]
    public void Max_backdate_round_trips_and_may_be_the_time_on_plate_not_more()
    {
        var job = Job();
        job.MaxBackdateS = 60;
        Assert.Equal(60, RoundTrip(new CommandMessage { Id = "b2", Name = CommandNames.BakeJob, Job = job }).Job.MaxBackdateS, 9);
        Assert.True(double.IsNaN(RoundTrip(new CommandMessage { Id = "b3", Name = CommandNames.BakeJob, Job = Job() }).Job.MaxBackdateS));
        Assert.Equal("job.maxBackdateS: must be greater than 0 and at most the time on plate (60.0 s)",
            CommandError("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}],'maxBackdateS':60.001}}"));
        Assert.Equal("job.maxBackdateS: must be greater than 0 and at most the time on plate (60.0 s)",
            CommandError("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}],'maxBackdateS':0}}"));
    }

    [Theory]
    [InlineData("wafer-down", "{'id':'w','wafer':0,'alreadyDown':1}", "alreadyDown: must be true or false")]
    [InlineData("bake-job", "{'id':'b'}", "job: required bake job for bake-job")]
    [InlineData("bake-job", "{'id':'b','job':{'wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}]}}", "job.jobId: required string")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','segments':[{'setpointC':110,'holdS':60,'bandC':0.3}]}}", "job.wafers: required integer of 1 to 100")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':0,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}]}}", "job.wafers: must be between 1 and 100")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':101,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}]}}", "job.wafers: must be between 1 and 100")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[]}}", "job.segments: required array of 1 to 16 segments")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':0,'bandC':0.3}]}}", "job.segments: the hold times must add up to more than 0 s (time on plate)")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':-1,'bandC':0.3}]}}", "job.segments[0].holdS: must be between 0.000 and 86400.000")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0}]}}", "job.segments[0].bandC: must be greater than 0")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}],'placeTimeoutS':0}}", "job.placeTimeoutS: must be greater than 0")]
    [InlineData("bake-job", "{'id':'b','job':{'jobId':'j','wafers':1,'segments':[{'setpointC':110,'holdS':60,'bandC':0.3}],'waferHeatCapacityJPerK':501}}", "job.waferHeatCapacityJPerK: must be between 0.000 and 500.000")]
    [InlineData("wafer-down", "{'id':'w'}", "wafer: required wafer index for wafer-down")]
    [InlineData("wafer-removed", "{'id':'w','wafer':-1}", "wafer: must be between 0 and 99")]
    public void Bad_commands_name_the_field_and_the_rule(string name, string json, string expected)
    {
        Assert.Equal(expected, CommandError(name, json));
    }

    [Fact]
    public void Wafer_done_event_round_trips_and_old_parser_reads_it()
    {
        var e = new BakeJobEvent
        {
            Seq = 5, UptimeMs = 1000, Kind = EventKinds.Wafer, JobId = "J-1", Wafer = 2, Phase = WaferPhases.Done,
            Source = WaferDownSources.Signature, SetpointC = 110, DownAtMs = 900, DetectLagS = 2.5, PlannedS = 60,
            TimeOnPlateS = 61.2, Removal = WaferRemovals.OnTime, DipC = 1.4, RecoverS = 19.3, DoseCs = 6278.4, IdealDoseCs = 6600,
        };
        var w = new JsonWriter(1024);
        int n = e.WriteTo(w);
        Assert.True(BakeJobEvent.TryParse(w.Buffer, 0, n, out var back, out var error), error);
        Assert.Equal(WaferPhases.Done, back.Phase);
        Assert.Equal(2, back.Wafer);
        Assert.Equal(WaferDownSources.Signature, back.Source);
        Assert.Equal(900, back.DownAtMs);
        Assert.Equal(61.2, back.TimeOnPlateS, 9);
        Assert.Equal(WaferRemovals.OnTime, back.Removal);
        Assert.Equal(6278.4, back.DoseCs, 9);
        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out var old, out error), error);
        Assert.Equal(EventKinds.Wafer, old.Kind);
    }

    [Theory]
    [InlineData("{'seq':1,'ts':1,'kind':'wafer','jobId':'j','phase':'place'}", "wafer: required integer for a wafer event")]
    [InlineData("{'seq':1,'ts':1,'kind':'wafer','jobId':'j','wafer':0}", "phase: required wafer phase for a wafer event")]
    [InlineData("{'seq':1,'ts':1,'kind':'wafer','jobId':'j','wafer':0,'phase':'down'}", "source: required wafer-down source for a down event")]
    [InlineData("{'seq':1,'ts':1,'kind':'wafer','jobId':'j','wafer':0,'phase':'done','source':'input','removal':'short'}", "timeOnPlateS: required number for a done event")]
    [InlineData("{'seq':1,'ts':1,'kind':'wafer','jobId':'j','wafer':0,'phase':'lifted'}", "phase: must be one of place, down, down-timeout, down-withdrawn, remove, done")]
    [InlineData("{'seq':1,'ts':1,'kind':'bake-job','jobId':'j'}", "jobStatus: required job status for a bake-job event")]
    [InlineData("{'seq':1,'ts':1,'kind':'dose-result','jobId':'j'}", "kind: must be one of bake-job, wafer")]
    public void Bad_events_name_the_field_and_the_rule(string json, string expected)
    {
        byte[] bytes = B(json);
        Assert.False(BakeJobEvent.TryParse(bytes, 0, bytes.Length, out var m, out var error));
        Assert.Null(m);
        Assert.Equal(expected, error);
    }

    [GeneratedRegex(@"<!-- example: event -->\s*```json\s*(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex EventExample();

    [Fact]
    public void Readme_bake_event_examples_parse_with_the_bake_parser()
    {
        string readme = File.ReadAllText(FindReadme());
        int bakeExamples = 0;
        foreach (Match m in EventExample().Matches(readme))
        {
            string json = m.Groups["json"].Value;
            if (!json.Contains("\"jobId\"")) continue;
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            Assert.True(BakeJobEvent.TryParse(bytes, 0, bytes.Length, out _, out var error), error);
            bakeExamples++;
        }
        Assert.Equal(4, bakeExamples); // wafer down, down-withdrawn, done; the job's completion
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "shared", "DispenseStation.Protocol", "README.md");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("README not found");
    }
}
