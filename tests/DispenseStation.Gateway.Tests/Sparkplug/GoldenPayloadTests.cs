using DispenseStation.Gateway.Sparkplug;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// Payloads worked out by hand from the Sparkplug 3.0 schema (section 6.4) and the protobuf wire format
/// (tag = field number &lt;&lt; 3 | wire type; varints 7 bits at a time, low group first; doubles 8 bytes little-endian),
/// compared byte for byte with what the edge node publishes. The clock stands at 1000 ms after the epoch:
/// varint(1000) = E8 07.
/// </summary>
public sealed class GoldenPayloadTests
{
    // "bdSeq" metric with value 3: name (field 1, LEN) "bdSeq"; datatype (field 4, VARINT) Int64 = 4; long_value (field 11, VARINT) 3.
    private static readonly byte[] BdSeq3Metric =
    [
        0x0A, 0x05, (byte)'b', (byte)'d', (byte)'S', (byte)'e', (byte)'q', // field 1 wire 2: 1<<3|2 = 0x0A, length 5
        0x20, 0x04,                                                         // field 4 wire 0: 4<<3 = 0x20; Int64 = 4
        0x58, 0x03,                                                         // field 11 wire 0: 11<<3 = 88 = 0x58; bdSeq 3
    ];

    [Fact]
    public void Ndeath_is_timestamp_and_the_bdSeq_metric_without_seq()
    {
        var session = new EdgeNodeSession(Options(), new ManualClock(OneSecondAfterEpoch));
        byte[] expected =
        [
            0x08, 0xE8, 0x07,       // Payload.timestamp: field 1 wire 0 = 0x08; varint 1000 = E8 07
            0x12, 0x0B,             // Payload.metrics: field 2 wire 2 = 0x12; 11 bytes follow
            .. BdSeq3Metric,
        ];                          // no field 3 (seq): Sparkplug 3.0 says NDEATH carries none
        var death = session.Death(3);
        Assert.Equal("spBv1.0/G/NDEATH/N", death.Topic);
        Assert.Equal(expected, death.ToBytes());
    }

    [Fact]
    public void Nbirth_carries_bdSeq_the_rebirth_control_and_seq_zero()
    {
        var session = new EdgeNodeSession(Options(), new ManualClock(OneSecondAfterEpoch));
        byte[] rebirth =
        [
            0x0A, 0x14, .. "Node Control/Rebirth"u8, // name: field 1 wire 2, 20 bytes
            0x10, 0x01,                              // alias: field 2 wire 0 = 0x10; alias 1
            0x18, 0xE8, 0x07,                        // timestamp: field 3 wire 0 = 0x18; 1000
            0x20, 0x0B,                              // datatype: Boolean = 11
            0x70, 0x00,                              // boolean_value: field 14 wire 0 = 14<<3 = 112 = 0x70; false
        ];
        Assert.Equal(31, rebirth.Length);
        byte[] expected =
        [
            0x08, 0xE8, 0x07,
            0x12, 0x0B, .. BdSeq3Metric,
            0x12, 0x1F, .. rebirth,  // 31 = 0x1F bytes
            0x18, 0x00,              // Payload.seq: field 3 wire 0 = 0x18; NBIRTH seq 0
        ];
        var birth = session.Connected(3, []);
        Assert.Single(birth);
        Assert.Equal("spBv1.0/G/NBIRTH/N", birth[0].Topic);
        Assert.Equal(expected, birth[0].ToBytes());
    }

    [Fact]
    public void Ddata_sends_only_the_moved_metric_by_alias_with_the_samples_time()
    {
        var clock = new ManualClock(OneSecondAfterEpoch);
        var session = new EdgeNodeSession(Options(), clock);
        session.Connected(0, [Online("ds-01", Sample(25.0))]); // NBIRTH seq 0, DBIRTH seq 1
        var data = session.OnTelemetry("ds-01", Sample(25.5, atMs: 2000));
        byte[] metric =
        [
            0x10, 0x8A, 0x02,  // alias: device ordinal 1 << 8 | index 10 (Hotplate/Temperature) = 266 = varint 8A 02
            0x18, 0xD0, 0x0F,  // timestamp 2000 = 0b1111_1010000: D0 (low 7 bits + continuation) 0F
            0x69, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x39, 0x40, // double_value: field 13 wire 1 = 0x69; 25.5 = 0x4039800000000000 LE
        ];
        byte[] expected = [0x08, 0xE8, 0x07, 0x12, 0x0F, .. metric, 0x18, 0x02];
        Assert.NotNull(data);
        Assert.Equal("spBv1.0/G/DDATA/N/ds-01", data.Topic);
        Assert.Equal(expected, data.ToBytes());
    }

    [Fact]
    public void Ddeath_is_timestamp_and_seq_only()
    {
        var session = new EdgeNodeSession(Options(), new ManualClock(OneSecondAfterEpoch));
        var s = Online("ds-01");
        session.Connected(0, [s]);                          // seq 0, 1
        var death = Assert.Single(session.OnStation(Offline(s)));
        Assert.Equal("spBv1.0/G/DDEATH/N/ds-01", death.Topic);
        Assert.Equal(new byte[] { 0x08, 0xE8, 0x07, 0x18, 0x02 }, death.ToBytes());
    }
}
