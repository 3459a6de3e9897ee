using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Time;

namespace DispenseStation.Protocol.Tests;

/// <summary>The station's calibration facts in its retained state (issue 17 part 5): round trip, absence and bad input.</summary>
public class CalibrationStateTests
{
    private static readonly long Nov20 = DateTimeOffset.Parse("2026-11-20T09:15:00.000Z").ToUnixTimeMilliseconds();
    private static readonly long Oct02 = DateTimeOffset.Parse("2026-10-02T14:00:30.250Z").ToUnixTimeMilliseconds();

    private static StateMessage Online() => new() { Seq = 1, UptimeMs = 2, Online = true, StationId = "bench-1", PackMlState = PackMlStates.Idle };

    private static StateMessage RoundTrip(StateMessage m, out string json)
    {
        var w = new JsonWriter(1024);
        Assert.True(m.WriteTo(w) > 0);
        var bytes = w.ToArray();
        json = Encoding.UTF8.GetString(bytes);
        Assert.True(StateMessage.TryParse(bytes, 0, bytes.Length, out var p, out var error), error);
        return p;
    }

    [Fact]
    public void Every_calibration_fact_round_trips()
    {
        var m = Online();
        m.CalibrationReported = true;
        m.ScaleCalibrated = true; m.ScaleCalibratedUtcMs = Nov20; m.ScaleReferenceGrams = 200;
        m.RtdCalibrated = true; m.RtdCalibratedUtcMs = Oct02;
        var p = RoundTrip(m, out var json);
        Assert.Contains("\"calibration\":{\"scale\":true,\"scaleUtc\":\"2026-11-20T09:15:00.000Z\",\"scaleReferenceGrams\":200,\"rtd\":true,\"rtdUtc\":\"2026-10-02T14:00:30.250Z\"}", json);
        Assert.True(p.CalibrationReported);
        Assert.True(p.ScaleCalibrated);
        Assert.Equal(Nov20, p.ScaleCalibratedUtcMs);
        Assert.Equal(200, p.ScaleReferenceGrams);
        Assert.True(p.RtdCalibrated);
        Assert.Equal(Oct02, p.RtdCalibratedUtcMs);
    }

    [Fact]
    public void Unknown_dates_and_mass_are_left_out_and_read_as_unknown()
    {
        var m = Online();
        m.CalibrationReported = true;
        m.ScaleCalibrated = true; // set before the station had UTC time, reference not recorded
        var p = RoundTrip(m, out var json);
        Assert.Contains("\"calibration\":{\"scale\":true,\"rtd\":false}", json);
        Assert.True(p.ScaleCalibrated);
        Assert.Equal(-1, p.ScaleCalibratedUtcMs);
        Assert.True(double.IsNaN(p.ScaleReferenceGrams));
        Assert.False(p.RtdCalibrated);
        Assert.Equal(-1, p.RtdCalibratedUtcMs);
    }

    [Fact]
    public void A_date_of_an_uncalibrated_part_is_not_written()
    {
        var m = Online();
        m.CalibrationReported = true;
        m.ScaleCalibratedUtcMs = Nov20; m.ScaleReferenceGrams = 200; m.RtdCalibratedUtcMs = Oct02; // stale values, not calibrated
        RoundTrip(m, out var json);
        Assert.Contains("\"calibration\":{\"scale\":false,\"rtd\":false}", json);
    }

    [Fact]
    public void A_state_without_the_object_reads_as_not_reported_and_the_will_stays_small()
    {
        var p = RoundTrip(Online(), out var json);
        Assert.DoesNotContain("calibration", json);
        Assert.False(p.CalibrationReported);
        Assert.False(p.ScaleCalibrated);
        Assert.Equal("{\"online\":false,\"station\":\"bench-1\"}", Encoding.UTF8.GetString(StateMessage.OfflineWill("bench-1")));
    }

    [Theory]
    [InlineData("'calibration':true", "calibration: must be an object")]
    [InlineData("'calibration':{'rtd':false}", "calibration.scale: required true or false")]
    [InlineData("'calibration':{'scale':true}", "calibration.rtd: required true or false")]
    [InlineData("'calibration':{'scale':'yes','rtd':false}", "calibration.scale: must be true or false")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleUtc':'2026-11-20'}", "calibration.scaleUtc: must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleUtc':'2026-02-30T10:00:00Z'}", "calibration.scaleUtc: must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleUtc':'2026-11-20T09:15:00.000+01:00'}", "calibration.scaleUtc: must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleUtc':''}", "calibration.scaleUtc: must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleUtc':1764000000000}", "calibration.scaleUtc: must be a string")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleReferenceGrams':0}", "calibration.scaleReferenceGrams: must be greater than 0")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleReferenceGrams':-200}", "calibration.scaleReferenceGrams: must be between 0.000 and 100000.000")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'scaleReferenceGrams':1e9}", "calibration.scaleReferenceGrams: must be between 0.000 and 100000.000")]
    [InlineData("'calibration':{'scale':false,'rtd':false,'scaleUtc':'2026-11-20T09:15:00Z'}", "calibration.scale: false, but scaleUtc is given")]
    [InlineData("'calibration':{'scale':false,'rtd':false,'scaleReferenceGrams':200}", "calibration.scale: false, but scaleReferenceGrams is given")]
    [InlineData("'calibration':{'scale':true,'rtd':false,'rtdUtc':'2026-11-20T09:15:00Z'}", "calibration.rtd: false, but rtdUtc is given")]
    [InlineData("'calibration':{'scale':true,'rtd':true,'rtdUtc':'1969-12-31T23:59:59Z'}", "calibration.rtdUtc: must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z")]
    public void Bad_calibration_facts_are_refused_naming_the_field(string calibration, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(("{'seq':1,'ts':2,'online':true,'packMlState':'Idle'," + calibration + "}").Replace('\'', '"'));
        Assert.False(StateMessage.TryParse(bytes, 0, bytes.Length, out var m, out var error));
        Assert.Null(m);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Unknown_fields_inside_the_object_are_skipped_for_newer_senders()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"seq\":1,\"ts\":2,\"online\":true,\"packMlState\":\"Idle\",\"calibration\":{\"scale\":true,\"loadCellSerial\":\"X\",\"rtd\":false,\"future\":[1,{\"a\":2}]}}");
        Assert.True(StateMessage.TryParse(bytes, 0, bytes.Length, out var m, out var error), error);
        Assert.True(m.CalibrationReported && m.ScaleCalibrated && !m.RtdCalibrated);
    }

    [Fact]
    public void Truncated_calibration_objects_are_json_errors_not_crashes()
    {
        var full = "{\"seq\":1,\"ts\":2,\"online\":true,\"packMlState\":\"Idle\",\"calibration\":{\"scale\":true,\"scaleUtc\":\"2026-11-20T09:15:00.000Z\",\"rtd\":false}}";
        var bytes = Encoding.UTF8.GetBytes(full);
        for (int length = 50; length < bytes.Length; length++)
        {
            Assert.False(StateMessage.TryParse(bytes, 0, length, out _, out var error));
            Assert.StartsWith("invalid JSON", error);
        }
    }

    [Fact]
    public void Encoding_the_calibration_allocates_nothing()
    {
        var m = Online();
        m.CalibrationReported = true; m.ScaleCalibrated = true; m.ScaleCalibratedUtcMs = Nov20; m.ScaleReferenceGrams = 200;
        m.RtdCalibrated = true; m.RtdCalibratedUtcMs = Oct02;
        var w = new JsonWriter(1024);
        m.WriteTo(w);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) { m.Seq = i; m.WriteTo(w); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("2026-11-20T09:15:00Z")]
    [InlineData("2026-11-20T09:15:00.000Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("2000-02-29T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void Utc_text_parses_to_the_same_instant_as_DateTimeOffset(string text)
    {
        Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), UtcText.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-20")]
    [InlineData("2026-11-20 09:15:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-01T00:00:00Z")]
    [InlineData("2100-02-29T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-11-20T24:00:00Z")]
    [InlineData("2026-11-20T09:60:00Z")]
    [InlineData("2026-11-20T09:15:60Z")]
    [InlineData("2026-11-20T09:15:00,000Z")]
    [InlineData("2026-11-20T09:15:0a.000Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2026-11-20T09:15:00.000z")]
    public void Utc_text_that_is_not_one_of_the_two_forms_is_minus_one(string? text)
    {
        Assert.Equal(-1, UtcText.Parse(text!));
    }

    [Fact]
    public void Utc_text_parse_inverts_write_over_random_times()
    {
        var random = new Random(20261202);
        var buffer = new byte[UtcText.Length];
        for (int i = 0; i < 20000; i++)
        {
            long ms = random.NextInt64(0, UtcText.MaxUnixMs + 1);
            Assert.True(UtcText.TryWrite(ms, buffer, 0));
            Assert.Equal(ms, UtcText.Parse(Encoding.ASCII.GetString(buffer)));
        }
    }
}
