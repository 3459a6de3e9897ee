using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>An instance commands only the stations it owns: 409 naming the owner, 503 while the lease changes hands.</summary>
public sealed class OwnershipGatingTests
{
    private sealed class Ownership(Dictionary<string, string?> owners) : IStationOwnership
    {
        public const string Me = "gw-me";
        public bool Owns(string stationId) => owners.GetValueOrDefault(stationId) == Me;
        public string? OwnerOf(string stationId) => Owns(stationId) ? null : owners.GetValueOrDefault(stationId);
    }

    private static readonly Ownership Fleet = new(new() { ["st-mine"] = Ownership.Me, ["st-theirs"] = "gw-other", ["st-free"] = null });

    [Fact]
    public async Task The_command_sender_refuses_a_station_it_does_not_own_before_publishing()
    {
        // A client that was never started: a command that passes the gate fails to publish as "MQTT link down".
        var opts = Options.Create(new GatewayOptions());
        using var mqtt = new GatewayMqttClient(opts, new GatewayCredentials(opts), NullLogger<GatewayMqttClient>.Instance);
        var sender = new CommandSender(mqtt, Options.Create(new OrchestrationOptions()), NullLogger<CommandSender>.Instance, Fleet);

        var mine = await Assert.ThrowsAsync<RequestRejectedException>(() => sender.SendAsync("st-mine", CommandNames.Hold));
        Assert.Equal((503, "MQTT link down"), (mine.Status, mine.Title));

        var theirs = await Assert.ThrowsAsync<RequestRejectedException>(() => sender.SendAsync("st-theirs", CommandNames.Hold));
        Assert.Equal(409, theirs.Status);
        Assert.Equal("station 'st-theirs' is run by gateway instance 'gw-other': send the request to that instance", Assert.Single(theirs.Errors).Rule);

        var free = await Assert.ThrowsAsync<RequestRejectedException>(() => sender.SendAsync("st-free", CommandNames.Hold));
        Assert.Equal((503, "station has no owner"), (free.Status, free.Title));
        Assert.StartsWith("no gateway instance holds station 'st-free' now", Assert.Single(free.Errors).Rule);
    }

    [Fact]
    public void One_gateway_owns_every_station()
    {
        OwnershipRefusal.ThrowUnlessOwned(new SingleGatewayOwnership(), "any-station");
    }
}
