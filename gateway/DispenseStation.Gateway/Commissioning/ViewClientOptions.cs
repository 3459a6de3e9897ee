namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// Section "Gateway:ViewClients": logins of the embedded broker for Sparkplug hosts and Home Assistant (with an
/// external broker, its own users and ACL do this; see deploy/mosquitto/acl).
/// </summary>
public sealed class ViewClientOptions
{
    public const string Section = "Gateway:ViewClients";

    public List<ViewClientCredential> Clients { get; set; } = new();
}

public sealed class ViewClientCredential
{
    /// <summary>MQTT user name; must not be a station id or the gateway's user name.</summary>
    public string Username { get; set; } = "";

    /// <summary>Output of <c>hash-password</c> (pbkdf2-sha256$...), never the plain password.</summary>
    public string PasswordHash { get; set; } = "";
}
