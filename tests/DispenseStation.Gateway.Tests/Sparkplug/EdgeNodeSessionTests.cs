using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>Session rules of Sparkplug 3.0 on the edge node's state machine, without a broker.</summary>
public sealed class EdgeNodeSessionTests
{
    private readonly ManualClock _clock = new(OneSecondAfterEpoch);

    [Fact]
    public void Seq_counts_every_message_after_nbirth_and_wraps_from_255_to_0()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        var births = session.Connected(0, [Online("ds-01", Sample(20))]);
        var seqs = births.Select(m => m.Payload.Seq).ToList();
        for (var i = 0; i < 300; i++)
            seqs.Add(session.OnTelemetry("ds-01", Sample(20 + (i + 1), atMs: 2000 + i))!.Payload.Seq);
        // NBIRTH 0, DBIRTH 1, then 2..255, 0, 1, ...
        for (var i = 0; i < seqs.Count; i++) Assert.Equal((ulong)(i % 256), seqs[i]);
        Assert.Contains(255UL, seqs);
        Assert.Equal(0UL, seqs[256]);
    }

    [Fact]
    public void No_ddata_before_the_devices_dbirth_nor_before_the_nodes_nbirth()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        // Before the MQTT session is up: nothing at all.
        Assert.Empty(session.OnStation(Online("ds-01", Sample(20))));
        Assert.Null(session.OnTelemetry("ds-01", Sample(30)));
        // Offline station: no birth, so no data either.
        var births = session.Connected(0, [Offline(Online("ds-01"))]);
        Assert.Equal([SparkplugMessageType.NBIRTH], births.Select(m => m.Type));
        Assert.Null(session.OnTelemetry("ds-01", Sample(40)));
        // Comes online: DBIRTH first, and it carries the latest telemetry; then DDATA.
        var online = Assert.Single(session.OnStation(Online("ds-01", Sample(40))));
        Assert.Equal(SparkplugMessageType.DBIRTH, online.Type);
        Assert.Equal(40.0, online.Payload.Metrics.Single(m => m.Name == "Hotplate/Temperature").DoubleValue);
        Assert.Equal(SparkplugMessageType.DDATA, session.OnTelemetry("ds-01", Sample(41))!.Type);
    }

    [Fact]
    public void A_station_going_offline_gets_ddeath_and_no_data_after_it()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        var s = Online("ds-01", Sample(20));
        session.Connected(0, [s]);
        var death = Assert.Single(session.OnStation(Offline(s)));
        Assert.Equal(SparkplugMessageType.DDEATH, death.Type);
        Assert.Null(session.OnTelemetry("ds-01", Sample(60)));
        Assert.Empty(session.OnStation(Offline(s)));          // a second will: no second DDEATH
        Assert.Equal(SparkplugMessageType.DBIRTH, Assert.Single(session.OnStation(s)).Type);
    }

    [Fact]
    public void Rebirth_repeats_nbirth_with_the_same_bdSeq_and_seq_zero_then_every_online_device()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(7, [Online("ds-01"), Online("ds-02"), Offline(Online("ds-03"))]);
        session.OnTelemetry("ds-01", Sample(80));
        var again = session.Rebirth([Online("ds-01"), Online("ds-02"), Offline(Online("ds-03"))]);
        Assert.Equal([SparkplugMessageType.NBIRTH, SparkplugMessageType.DBIRTH, SparkplugMessageType.DBIRTH], again.Select(m => m.Type));
        Assert.Equal([0UL, 1UL, 2UL], again.Select(m => m.Payload.Seq));
        Assert.Equal(7UL, again[0].Payload.Metrics.Single(m => m.Name == "bdSeq").LongValue);
        Assert.Equal(["ds-01", "ds-02"], again.Skip(1).Select(m => m.Device!));
    }

    [Fact]
    public void Aliases_stay_the_same_across_rebirths_and_are_unique_across_devices()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        var first = session.Connected(0, [Online("ds-01"), Online("ds-02")]);
        var second = session.Rebirth([Online("ds-01"), Online("ds-02")]);
        var aliases = first.Skip(1).SelectMany(m => m.Payload.Metrics.Select(x => x.Alias)).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
        Assert.DoesNotContain(EdgeNodeSession.RebirthAlias, aliases);
        Assert.Equal(aliases, second.Skip(1).SelectMany(m => m.Payload.Metrics.Select(x => x.Alias)));
    }

    [Fact]
    public void Dbirth_names_every_metric_with_datatype_and_engineering_unit()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        var birth = session.Connected(0, [Online("ds-01", Sample(21.5, grams: 3.25), "Execute", "b-1", "HEATER_OPEN")])[1];
        var m = birth.Payload.Metrics.ToDictionary(x => x.Name);
        Assert.Equal((uint)DataType.Double, m["Hotplate/Temperature"].Datatype);
        var plateUnit = m["Hotplate/Temperature"].Properties;
        Assert.Equal(["engUnit"], plateUnit.Keys);
        Assert.Equal("°C", plateUnit.Values[0].StringValue);
        Assert.Equal("g", m["Scale/Weight"].Properties.Values[0].StringValue);
        Assert.Equal(3.25, m["Scale/Weight"].DoubleValue);
        Assert.Equal("Execute", m["State/PackML"].StringValue);
        Assert.Equal("HEATER_OPEN", m["Alarms/Active"].StringValue);
        Assert.Equal(1U, m["Alarms/Count"].IntValue);
        Assert.Equal(25.0, m["Batch/Progress"].DoubleValue);
        Assert.True(m["Hotplate/Setpoint"].IsNull);                 // unknown values are born as null, with their datatype
        Assert.Equal((uint)DataType.Double, m["Hotplate/Setpoint"].Datatype);
        Assert.False(m.ContainsKey("Device Control/Hold"));           // commands off: not born
        var withCommands = new EdgeNodeSession(Options(commands: true), _clock).Connected(0, [Online("ds-01")])[1];
        Assert.Contains(withCommands.Payload.Metrics, x => x.Name == "Device Control/Hold" && x.Datatype == (uint)DataType.Boolean);
        Assert.Contains(withCommands.Payload.Metrics, x => x.Name == "Device Control/Abort");
    }

    [Theory]
    // Deadband 0.25 °C: exactly at the band is reported, just inside is not (0.25 and 0.125 are exact binary fractions).
    [InlineData(20.25, true)]
    [InlineData(19.75, true)]
    [InlineData(20.125, false)]
    [InlineData(20.0, false)]
    public void Report_by_exception_sends_a_temperature_when_it_moved_at_least_the_deadband(double next, bool sent)
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(0, [Online("ds-01", Sample(20.0))]);
        var data = session.OnTelemetry("ds-01", Sample(next));
        Assert.Equal(sent, data is not null);
    }

    [Fact]
    public void The_deadband_is_measured_from_the_value_last_sent_not_the_last_sample()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(0, [Online("ds-01", Sample(20.0))]);
        Assert.Null(session.OnTelemetry("ds-01", Sample(20.125)));
        Assert.NotNull(session.OnTelemetry("ds-01", Sample(20.25)));  // creeping drift is still reported
        Assert.Null(session.OnTelemetry("ds-01", Sample(20.375)));
    }

    [Fact]
    public void A_state_change_sends_only_the_changed_metrics()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(0, [Online("ds-01")]);
        var data = Assert.Single(session.OnStation(Online("ds-01", null, "Held")));
        Assert.Equal(SparkplugMessageType.DDATA, data.Type);
        var metric = Assert.Single(data.Payload.Metrics);
        Assert.Equal(StationMetrics.Alias(1, StationMetrics.PackMlState.Index), metric.Alias);
        Assert.False(metric.HasName);
        Assert.False(metric.HasDatatype); // Sparkplug 3.0: datatype SHOULD NOT be repeated in DDATA
        Assert.Equal("Held", metric.StringValue);
    }

    [Fact]
    public void A_retired_station_gets_ddeath_and_is_not_reborn()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(0, [Online("ds-01")]);
        Assert.Equal(SparkplugMessageType.DDEATH, session.OnRetired("ds-01")!.Type);
        Assert.Null(session.OnRetired("ds-01"));
        Assert.Null(session.OnRetired("never-seen"));
    }

    [Fact]
    public void After_the_link_drops_nothing_is_published_until_the_next_nbirth()
    {
        var session = new EdgeNodeSession(Options(), _clock);
        session.Connected(0, [Online("ds-01")]);
        session.Disconnected();
        Assert.Null(session.OnTelemetry("ds-01", Sample(99)));
        Assert.Empty(session.OnStation(Online("ds-01", null, "Held")));
        var births = session.Connected(1, [Online("ds-01", null, "Held")]);
        Assert.Equal([SparkplugMessageType.NBIRTH, SparkplugMessageType.DBIRTH], births.Select(m => m.Type));
        Assert.Equal(1UL, births[0].Payload.Metrics.Single(m => m.Name == "bdSeq").LongValue);
    }
}
