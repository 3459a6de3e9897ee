namespace DispenseStation.Gateway.Configuration;

/// <summary>Everything the gateway reads from appsettings, environment and command line (section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public MqttOptions Mqtt { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
    public Fleet.FleetOptions Fleet { get; set; } = new();

    /// <summary>Stations allowed to connect: MQTT username = station id (Protocol.StationId rule), password checked against a PBKDF2 hash.</summary>
    public List<StationCredential> Stations { get; set; } = new();
}

public enum BrokerMode { Embedded, External }

public sealed class MqttOptions
{
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>Embedded broker: address to listen on. Loopback unless an operator opens it up on purpose.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Embedded broker: TCP port (1883 is the MQTT default).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>External broker: mqtt://host:port or mqtts://host:port (TLS).</summary>
    public string? BrokerUrl { get; set; }

    /// <summary>The gateway's own MQTT identity; only it may publish commands.</summary>
    public string GatewayUsername { get; set; } = "dispense-gateway";

    /// <summary>External broker: the gateway's password. Embedded mode generates a secret per process.</summary>
    public string? GatewayPassword { get; set; }

    /// <summary>
    /// External broker: the user of the gateway's telemetry session (same password; it only reads telemetry), by default
    /// GatewayUsername + "-telemetry" (deploy/mosquitto/acl).
    /// </summary>
    public string? TelemetryUsername { get; set; }

    /// <summary>External broker over TLS: PEM file of the CA that signed the broker's certificate (else the system store).</summary>
    public string? CaCertificateFile { get; set; }

    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Pause between reconnect attempts of the gateway's client.</summary>
    public int ReconnectDelayMilliseconds { get; set; } = 2000;

    /// <summary>Embedded broker: packet size, rate and login limits per client.</summary>
    public Mqtt.Hardening.BrokerLimitsOptions Limits { get; set; } = new();

    /// <summary>Embedded broker: TLS listener; required when ListenAddress is not loopback.</summary>
    public Mqtt.Hardening.BrokerTlsOptions Tls { get; set; } = new();
}

public enum StorageProvider { Sqlite, Postgres }

public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=dispense-station.db";

    /// <summary>Durable spool for batch writes the database refuses (disk full); default: next to the SQLite file, or the working directory.</summary>
    public string? SpoolFile { get; set; }

    /// <summary>Space the spool allocates at start-up (a dose record takes about 250 bytes).</summary>
    public long SpoolBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How often spooled writes are offered to the database again.</summary>
    public int SpoolRetrySeconds { get; set; } = 5;
}

public sealed class TelemetryOptions
{
    /// <summary>Telemetry rows older than this are deleted by the prune job.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the prune job runs.</summary>
    public int PruneIntervalMinutes { get; set; } = 60;

    /// <summary>Telemetry is stored as one averaged sample per bucket of this length (stations send ~5 Hz).</summary>
    public int DownsampleMilliseconds { get; set; } = 1000;
}

public sealed class StationCredential
{
    public string Id { get; set; } = "";

    /// <summary>Output of <c>hash-password</c>: pbkdf2-sha256$iterations$salt$hash (never the plain password).</summary>
    public string PasswordHash { get; set; } = "";
}
