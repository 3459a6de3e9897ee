using System.Net;
using DispenseStation.Gateway.Mqtt;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>MQTTnet opens an IPv4 and an IPv6 socket; a loopback-only gateway must stay loopback-only on both.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", "::1")]
    [InlineData("0.0.0.0", "0.0.0.0", "::")]
    [InlineData("::1", "127.0.0.1", "::1")]
    [InlineData("::", "0.0.0.0", "::")]
    [InlineData("192.168.7.2", "192.168.7.2", "::1")] // one LAN interface; IPv6 only on loopback
    public void The_other_address_family_matches_the_configured_scope(string listen, string v4, string v6)
    {
        var (a4, a6) = EmbeddedBrokerService.BindAddresses(IPAddress.Parse(listen));
        Assert.Equal(IPAddress.Parse(v4), a4);
        Assert.Equal(IPAddress.Parse(v6), a6);
    }
}
