using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

/// <summary>
/// No timing oracle between known and unknown station ids: both cost one PBKDF2 check with the same
/// iteration count. Asserted on the work done (which hash is checked), not on a stopwatch; the
/// bench measures the times.
/// </summary>
public sealed class DecoyPasswordCheckTests
{
    [Theory]
    [InlineData("st-1", "wrong")]
    [InlineData("st-unknown", "wrong")]
    [InlineData("st-unknown", "pw-one")]
    public void Known_and_unknown_station_ids_cost_the_same_check(string user, string password)
    {
        var options = Options.Create(new GatewayOptions { Stations = { new StationCredential { Id = "st-1", PasswordHash = PasswordHash.Create("pw-one", 12_345) } } });
        var checkedHashes = new List<string>();
        var auth = new BrokerAuthenticator(options, new GatewayCredentials(options), verify: (pw, hash) =>
        {
            checkedHashes.Add(hash);
            return PasswordHash.Verify(pw, hash);
        });
        Assert.Null(auth.Authenticate(user, password, user));
        var hash = Assert.Single(checkedHashes);
        Assert.Equal("12345", hash.Split('$')[1]);
        Assert.Equal(user == "st-1" ? options.Value.Stations[0].PasswordHash : auth.DecoyHash, hash);
    }

    [Fact]
    public void The_right_password_of_a_known_station_still_logs_in()
    {
        var options = Options.Create(new GatewayOptions { Stations = { new StationCredential { Id = "st-1", PasswordHash = PasswordHash.Create("pw-one", 10_000) } } });
        var auth = new BrokerAuthenticator(options, new GatewayCredentials(options));
        Assert.Equal(MqttIdentity.Station("st-1"), auth.Authenticate("st-1", "pw-one", "st-1"));
    }
}
