using System.Security.Cryptography;
using System.Text;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>Checks a CONNECT's username, password and client id against the configured station credentials.</summary>
public sealed class BrokerAuthenticator
{
    private readonly Dictionary<string, string> _stationHashes;
    private readonly GatewayCredentials _gateway;

    public BrokerAuthenticator(IOptions<GatewayOptions> options, GatewayCredentials gateway)
    {
        _gateway = gateway;
        _stationHashes = options.Value.Stations.ToDictionary(s => s.Id, s => s.PasswordHash, StringComparer.Ordinal);
    }

    /// <summary>The identity for a valid login, or null. A station's client id must be its station id, so no station can take over another's session.</summary>
    public MqttIdentity? Authenticate(string? username, string? password, string? clientId)
    {
        if (string.IsNullOrEmpty(username) || password is null || string.IsNullOrEmpty(clientId)) return null;
        if (username == _gateway.Username)
        {
            var ok = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(_gateway.Password));
            return ok && clientId.StartsWith(_gateway.Username, StringComparison.Ordinal) ? MqttIdentity.Gateway(username) : null;
        }
        if (clientId != username) return null;
        return _stationHashes.TryGetValue(username, out var hash) && PasswordHash.Verify(password, hash)
            ? MqttIdentity.Station(username)
            : null;
    }
}
