using DispenseStation.Gateway.Mqtt.Hardening;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

/// <summary>The framing the guard follows is MQTT's: type byte, remaining length as 1-4 variable-length bytes, body.</summary>
public sealed class PacketSizeGuardTests
{
    private static byte[] Header(int type, long length)
    {
        var bytes = new List<byte> { (byte)(type << 4) };
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            if (length > 0) b |= 0x80;
            bytes.Add(b);
        } while (length > 0);
        return bytes.ToArray();
    }

    [Theory]
    [InlineData(1000, null)]
    [InlineData(1001, "CONNECT of 1001 bytes is over the limit of 1000")]
    public void A_connect_is_checked_against_its_own_limit_at_the_boundary(int length, string? expected)
    {
        var guard = new PacketSizeGuard(maxConnectBytes: 1000, maxPacketBytes: 5000);
        Assert.Equal(expected, guard.Inspect(Header(1, length)));
    }

    [Theory]
    [InlineData(5000, null)]
    [InlineData(5001, "packet of 5001 bytes is over the limit of 5000")]
    public void After_the_connect_each_packet_is_checked_at_the_boundary(int length, string? expected)
    {
        var guard = new PacketSizeGuard(1000, 5000);
        Assert.Null(guard.Inspect([.. Header(1, 10), .. new byte[10]]));
        Assert.Equal(expected, guard.Inspect(Header(3, length)));
    }

    [Fact]
    public void A_256_MB_connect_announced_in_the_header_is_stopped_before_its_body()
    {
        var guard = new PacketSizeGuard(64 * 1024, 256 * 1024);
        Assert.Contains("over the limit", guard.Inspect([0x10, 0xFF, 0xFF, 0xFF, 0x7F]));
    }

    [Fact]
    public void Bytes_split_anywhere_are_followed_across_reads()
    {
        var guard = new PacketSizeGuard(1000, 300);
        byte[] stream = [.. Header(1, 20), .. new byte[20], .. Header(3, 300), .. new byte[300], .. Header(12, 0), .. Header(3, 301)];
        string? result = null;
        foreach (var b in stream) result ??= guard.Inspect([b]);
        Assert.Equal("packet of 301 bytes is over the limit of 300", result);
    }

    [Fact]
    public void A_first_packet_that_is_not_a_connect_is_refused()
    {
        Assert.Equal("first packet is type 3, not CONNECT", new PacketSizeGuard(1000, 1000).Inspect(Header(3, 5)));
    }

    [Fact]
    public void A_remaining_length_of_five_bytes_is_malformed()
    {
        Assert.Equal("malformed remaining length (more than 4 bytes)", new PacketSizeGuard(1000, 1000).Inspect([0x10, 0x80, 0x80, 0x80, 0x80]));
    }
}
