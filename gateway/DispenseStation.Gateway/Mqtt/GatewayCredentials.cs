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
        // Each gateway process gets its own client ids under its username, so a restart never races its predecessor's sessions.
        var process = Guid.NewGuid().ToString("N");
        ClientId = $"{Username}-{process}";
        // The telemetry session (GatewayMqttClient) needs a client id of its own. The embedded broker accepts any client id
        // that starts with the gateway's username; Mosquitto's use_username_as_clientid makes the username the client id,
        // so there it logs in as a user of its own, with the gateway's password and read access to telemetry only.
        TelemetryUsername = mqtt.Mode == BrokerMode.Embedded ? Username : mqtt.TelemetryUsername ?? Username + TelemetrySuffix;
        TelemetryClientId = $"{Username}{TelemetrySuffix}-{process}";
    }

    /// <summary>Appended to the gateway's username for its telemetry session's user (external broker) and client id.</summary>
    public const string TelemetrySuffix = "-telemetry";

    public string Username { get; }
    public string TelemetryUsername { get; }
    public string TelemetryClientId { get; }
    public string Password { get; }
    public string ClientId { get; }
}
