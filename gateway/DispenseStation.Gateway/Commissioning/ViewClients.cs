using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Sparkplug;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>Checks view clients' logins for the embedded broker (<see cref="BrokerAuthenticator"/> asks it before stations).</summary>
public sealed class ViewClients
{
    private readonly Dictionary<string, string> _hashes;
    private readonly ViewAccess _access;

    public ViewClients(IOptions<ViewClientOptions> options, IOptions<GatewayOptions> gateway, IOptions<SparkplugOptions> sparkplug,
        IOptions<HomeAssistantOptions> homeAssistant)
    {
        var clients = options.Value.Clients;
        var taken = gateway.Value.Stations.Select(s => s.Id).Append(gateway.Value.Mqtt.GatewayUsername).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var c = clients[i];
            if (string.IsNullOrEmpty(c.Username) || taken.Contains(c.Username) || PasswordHash.FormatError(c.PasswordHash) is not null)
                throw new OptionsValidationException(ViewClientOptions.Section, typeof(ViewClientOptions),
                    [$"{ViewClientOptions.Section}:Clients:{i}: Username required and not a station id or the gateway's user name; PasswordHash from hash-password"]);
            taken.Add(c.Username);
        }
        _hashes = clients.ToDictionary(c => c.Username, c => c.PasswordHash, StringComparer.Ordinal);
        _access = new ViewAccess(sparkplug.Value, homeAssistant.Value);
    }

    public MqttIdentity? Authenticate(string username, string password) =>
        _hashes.TryGetValue(username, out var hash) && PasswordHash.Verify(password, hash) ? MqttIdentity.Viewer(username, _access) : null;
}
