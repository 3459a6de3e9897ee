using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// Telemetry DDATA paced per device (Gateway:Sparkplug:DataMinIntervalMilliseconds, here 1000 ms) after the deadband:
/// a burst becomes one DDATA with the latest values at the end of the interval, with the next seq. The clock is the test's.
/// </summary>
public sealed class PacedDataTests
{
    private const int Interval = 1000;
    private readonly ManualClock _clock = new(OneSecondAfterEpoch);

    private EdgeNodeSession Born(double plateC = 20.0)
    {
        var session = new EdgeNodeSession(Options(pacingMs: Interval), _clock);
        var births = session.Connected(0, [Online("ds-01", Sample(plateC))]);
        Assert.Equal([0UL, 1UL], births.Select(m => m.Payload.Seq));   // NBIRTH, DBIRTH
        return session;
    }

    private void At(int msAfterStart) => _clock.Now = OneSecondAfterEpoch.AddMilliseconds(msAfterStart);

    private static double Plate(SparkplugMessage m) =>
        m.Payload.Metrics.Single(x => x.Alias == StationMetrics.Alias(1, StationMetrics.PlateC.Index)).DoubleValue;

    [Fact]
    public void Many_samples_inside_the_interval_become_one_ddata_with_the_latest_values_and_the_next_seq_at_its_end()
    {
        var session = Born();
        At(0);
        var first = session.OnTelemetry("ds-01", Sample(21.0, atMs: 1000, grams: 1.0));
        Assert.Equal(2UL, first!.Payload.Seq);                       // the first change goes out at once
        for (var i = 1; i <= 9; i++)
        {
            At(i * 100);
            Assert.Null(session.OnTelemetry("ds-01", Sample(21.0 + i, atMs: 1000 + i * 100, grams: 1.0 + i)));
        }
        Assert.Equal(1, session.PendingDevices);
        Assert.Equal(OneSecondAfterEpoch.AddMilliseconds(Interval), session.NextDue);

        At(Interval - 1);
        Assert.Empty(session.TakeDue());                             // 1 ms before the end: still held
        At(Interval);
        var data = Assert.Single(session.TakeDue());                  // exactly at the end: the latest values
        Assert.Equal(SparkplugMessageType.DDATA, data.Type);
        Assert.Equal(3UL, data.Payload.Seq);
        Assert.Equal(30.0, Plate(data));
        Assert.Equal(10.0, data.Payload.Metrics.Single(x => x.Alias == StationMetrics.Alias(1, StationMetrics.ScaleGrams.Index)).DoubleValue);
        Assert.All(data.Payload.Metrics, m => Assert.Equal(1900UL, m.Timestamp));   // the latest sample's time
        Assert.Equal(0, session.PendingDevices);
        Assert.Null(session.NextDue);

        // The next interval starts at that DDATA: a change 1 ms later waits again, and its seq follows on.
        At(Interval + 1);
        Assert.Null(session.OnTelemetry("ds-01", Sample(40.0, atMs: 2001)));
        At(2 * Interval);
        Assert.Equal(4UL, Assert.Single(session.TakeDue()).Payload.Seq);
    }

    [Theory]
    // One interval after the last DDATA the change goes out at once; 1 ms sooner it waits for the end of the interval.
    [InlineData(Interval, true)]
    [InlineData(Interval - 1, false)]
    public void A_change_is_sent_at_once_from_exactly_one_interval_after_the_last_ddata(int after, bool atOnce)
    {
        var session = Born();
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));
        At(after);
        Assert.Equal(atOnce, session.OnTelemetry("ds-01", Sample(22.0)) is not null);
        Assert.Equal(atOnce ? 0 : 1, session.PendingDevices);
    }

    [Theory]
    // Deadband 0.25 °C from the last sent 21.0, applied before pacing: exactly at the band and beyond it the change waits
    // for the interval's end and is sent; just inside it the sample ends at the deadband (nothing pending, nothing sent).
    [InlineData(21.25, true)]
    [InlineData(21.375, true)]
    [InlineData(20.75, true)]
    [InlineData(21.125, false)]
    [InlineData(20.875, false)]
    public void The_deadband_decides_before_pacing_exactly_at_the_band_is_sent_just_inside_is_not(double next, bool sent)
    {
        var session = Born();
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));
        At(10);
        Assert.Null(session.OnTelemetry("ds-01", Sample(next)));
        Assert.Equal(sent ? 1 : 0, session.PendingDevices);
        At(Interval);
        var due = session.TakeDue();
        Assert.Equal(sent ? 1 : 0, due.Count);
        if (sent) Assert.Equal(next, Plate(due[0]));
    }

    [Fact]
    public void At_the_end_of_the_interval_the_latest_sample_decides_a_value_back_inside_the_deadband_sends_nothing_and_takes_no_seq()
    {
        var session = Born();
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));                 // seq 2
        At(100);
        Assert.Null(session.OnTelemetry("ds-01", Sample(22.0)));                    // held
        At(200);
        Assert.Null(session.OnTelemetry("ds-01", Sample(21.125)));                  // back inside the band of the sent 21.0
        At(Interval);
        Assert.Empty(session.TakeDue());
        At(Interval + 1);
        Assert.Equal(3UL, session.OnTelemetry("ds-01", Sample(23.0))!.Payload.Seq);  // no seq was spent on nothing
    }

    [Fact]
    public void A_state_change_is_never_held_back_and_carries_the_held_telemetry_which_is_then_not_sent_twice()
    {
        var session = Born();
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));
        At(100);
        Assert.Null(session.OnTelemetry("ds-01", Sample(25.0)));
        var held = Assert.Single(session.OnStation(Online("ds-01", Sample(25.0), "Held")));
        Assert.Equal(3UL, held.Payload.Seq);
        Assert.Contains(held.Payload.Metrics, m => m.StringValue == "Held");
        Assert.Equal(25.0, Plate(held));
        At(Interval);
        Assert.Empty(session.TakeDue());
    }

    [Fact]
    public void A_device_that_died_while_its_data_was_held_gets_no_ddata_after_its_ddeath()
    {
        var session = Born();
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));
        At(100);
        Assert.Null(session.OnTelemetry("ds-01", Sample(25.0)));
        Assert.Equal(SparkplugMessageType.DDEATH, Assert.Single(session.OnStation(Offline(Online("ds-01", Sample(25.0))))).Type);
        At(Interval);
        Assert.Empty(session.TakeDue());
    }

    [Fact]
    public void Devices_are_paced_each_on_its_own_interval()
    {
        var session = new EdgeNodeSession(Options(pacingMs: Interval), _clock);
        session.Connected(0, [Online("ds-01", Sample(20)), Online("ds-02", Sample(20))]);
        At(0);
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(21.0)));
        At(500);
        Assert.NotNull(session.OnTelemetry("ds-02", Sample(21.0)));   // ds-01's interval does not hold ds-02 back
        At(600);
        Assert.Null(session.OnTelemetry("ds-01", Sample(22.0)));
        Assert.Null(session.OnTelemetry("ds-02", Sample(22.0)));
        At(Interval);
        Assert.Equal(["spBv1.0/G/DDATA/N/ds-01"], session.TakeDue().Select(m => m.Topic));
        At(Interval + 500);
        Assert.Equal(["spBv1.0/G/DDATA/N/ds-02"], session.TakeDue().Select(m => m.Topic));
    }
}
