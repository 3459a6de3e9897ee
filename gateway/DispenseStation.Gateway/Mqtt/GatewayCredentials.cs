using System.Security.Cryptography;
using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT login. With the embedded broker the password is a random secret that
/// never leaves the process; with an external broker it comes from configuration.
/// </summary>
public sealed class GatewayCredentials
{
    public GatewayCredentials(IOptions<GatewayOptions> options)
    {
        var mqtt = options.Value.Mqtt;
        Username = mqtt.GatewayUsername;
        Password = mqtt.Mode == BrokerMode.Embedded
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            : mqtt.GatewayPassword ?? "";
        // Each gateway process gets its own client id under its username, so a restart never races its predecessor's session.
        ClientId = $"{Username}-{Guid.NewGuid():N}";
    }

    public string Username { get; }
    public string Password { get; }
    public string ClientId { get; }
}
