using System.Security.Cryptography;
using System.Text;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Security;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// Checks a CONNECT's username, password and client id against the configured station credentials.
/// An unknown station id costs the same PBKDF2 work as a known one (a decoy hash with the stations'
/// iteration count), so the refusal's timing does not tell which station ids exist.
/// </summary>
public sealed class BrokerAuthenticator
{
    private readonly Dictionary<string, string> _stationHashes;
    private readonly GatewayCredentials _gateway;
    private readonly Commissioning.ViewClients? _views;
    private readonly Func<string, string, bool> _verify;

    public BrokerAuthenticator(IOptions<GatewayOptions> options, GatewayCredentials gateway, Commissioning.ViewClients? views = null,
        Func<string, string, bool>? verify = null)
    {
        _gateway = gateway;
        _views = views;
        _verify = verify ?? PasswordHash.Verify;
        _stationHashes = options.Value.Stations.ToDictionary(s => s.Id, s => s.PasswordHash, StringComparer.Ordinal);
        var iterations = options.Value.Stations.Select(s => s.PasswordHash.Split('$')).Where(p => p.Length == 4 && int.TryParse(p[1], out _))
            .Select(p => int.Parse(p[1])).DefaultIfEmpty(PasswordHash.DefaultIterations).Max();
        DecoyHash = PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), iterations);
    }

    /// <summary>Checked in place of a station's hash when the user name is no known station.</summary>
    public string DecoyHash { get; }

    /// <summary>The identity for a valid login, or null. A station's client id must be its station id, so no station can take over another's session.</summary>
    public MqttIdentity? Authenticate(string? username, string? password, string? clientId)
    {
        if (string.IsNullOrEmpty(username) || password is null || string.IsNullOrEmpty(clientId)) return null;
        if (username == _gateway.Username)
        {
            var ok = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(_gateway.Password));
            return ok && clientId.StartsWith(_gateway.Username, StringComparison.Ordinal) ? MqttIdentity.Gateway(username) : null;
        }
        if (_views?.Authenticate(username, password) is { } viewer) return viewer;
        if (clientId != username) return null;
        var known = _stationHashes.TryGetValue(username, out var hash);
        var verified = _verify(password, known ? hash! : DecoyHash);
        return known && verified ? MqttIdentity.Station(username) : null;
    }
}
