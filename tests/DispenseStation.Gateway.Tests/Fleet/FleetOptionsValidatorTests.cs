using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Fleet;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>Gateway:Fleet at start-up: the limits exactly at their values and just outside, and what a fleet needs.</summary>
public sealed class FleetOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(Action<GatewayOptions> change) =>
        Configuration.GatewayOptionsValidatorTests.Errors(change);

    private static void Fleet(GatewayOptions o)
    {
        o.Fleet.Enabled = true;
        o.Storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=db;Database=dispense;Username=gw" };
        o.Mqtt.Mode = BrokerMode.External;
        o.Mqtt.BrokerUrl = "mqtt://broker:1883";
        o.Mqtt.GatewayPassword = "secret";
    }

    [Fact]
    public void A_fleet_on_postgres_and_an_external_broker_is_accepted() => Assert.Empty(Errors(Fleet));

    [Theory]
    [InlineData(16, true)]
    [InlineData(15, false)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void Replay_buffer_limits(int events, bool valid)
    {
        var errors = Errors(o => o.Fleet.ReplayBufferEvents = events);
        if (valid) Assert.Empty(errors);
        else Assert.Equal([$"Gateway:Fleet:ReplayBufferEvents: must be between 16 and 100000 (got {events})"], errors);
    }

    [Theory]
    [InlineData(1, 0.333, true)]
    [InlineData(0.999, 0.3, false)]
    [InlineData(300, 100, true)]
    [InlineData(300.001, 100, false)]
    [InlineData(9, 3, true)]
    [InlineData(9, 3.001, false)]
    [InlineData(10, 0, false)]
    public void Lease_and_renewal_limits(double lease, double renew, bool valid)
    {
        var errors = Errors(o => { o.Fleet.LeaseSeconds = lease; o.Fleet.RenewSeconds = renew; });
        if (valid) Assert.Empty(errors);
        else Assert.Contains(errors, e => e.StartsWith("Gateway:Fleet:LeaseSeconds: must be between 1 and 300")
                                       || e.StartsWith("Gateway:Fleet:RenewSeconds: must be above 0 and at most a third of Fleet:LeaseSeconds"));
    }

    [Fact]
    public void A_fleet_needs_postgres_and_an_external_broker()
    {
        var errors = Errors(o => o.Fleet.Enabled = true);
        Assert.Contains("Gateway:Fleet:Enabled: needs Storage:Provider Postgres (every instance must reach the same database)", errors);
        Assert.Contains("Gateway:Fleet:Enabled: needs Mqtt:Mode External (every instance must reach the same broker)", errors);
        Assert.Empty(Errors(o => o.Fleet.LeaseSeconds = 10)); // off: nothing asked of storage or broker
    }
}
