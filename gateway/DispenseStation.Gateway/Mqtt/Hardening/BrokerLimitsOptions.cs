namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// Limits the embedded broker puts on every client (Gateway:Mqtt:Limits). deploy/mosquitto/mosquitto.conf
/// sets the same packet size for an external Mosquitto. Defaults fit a station: a telemetry or event
/// message is a few hundred bytes at 5 Hz, the largest command (a control recipe) a few kB.
/// </summary>
public sealed class BrokerLimitsOptions
{
    /// <summary>Largest CONNECT packet, checked from its fixed header before any of it is buffered or authenticated.</summary>
    public int MaxConnectPacketBytes { get; set; } = 64 * 1024;

    /// <summary>Largest packet of an authenticated client; a bigger one disconnects the client before its body is read.</summary>
    public int MaxPacketBytes { get; set; } = 256 * 1024;

    /// <summary>Sustained telemetry publishes per second a station may send (events are never limited); the gateway's own client is not limited.</summary>
    public double PublishesPerSecond { get; set; } = 50;

    /// <summary>Publishes a station may send at once above the sustained rate (a batch after a slow link).</summary>
    public int PublishBurst { get; set; } = 200;

    /// <summary>Failed logins of one client id before refusals without checking the password begin.</summary>
    public int FailedLoginsBeforeBackoff { get; set; } = 5;

    /// <summary>Failed logins from one remote address (any client id) before it backs off; higher, since stations may share an address.</summary>
    public int FailedLoginsPerAddressBeforeBackoff { get; set; } = 50;

    /// <summary>First back-off after the allowance is spent; it doubles with each further failure up to <see cref="MaxBackoffSeconds"/>.</summary>
    public double BackoffSeconds { get; set; } = 1;

    public double MaxBackoffSeconds { get; set; } = 300;

    /// <summary>Password checks (PBKDF2, ~20 ms of CPU each) running at once, so guessing cannot starve the HTTP API.</summary>
    public int ConcurrentPasswordChecks { get; set; } = 1;

    /// <summary>A repeated refusal (same client, same reason) is logged once per interval, with the count of the ones left out.</summary>
    public double LogSummaryIntervalSeconds { get; set; } = 60;

    /// <summary>Distinct open alarm codes kept per station; further codes are counted, logged once per interval and not stored.</summary>
    public int MaxOpenAlarmsPerStation { get; set; } = 32;
}

/// <summary>The embedded broker's TLS listener (Gateway:Mqtt:Tls). Plain MQTT is served only on loopback.</summary>
public sealed class BrokerTlsOptions
{
    /// <summary>TCP port of the TLS listener (8883 is the MQTT-over-TLS default).</summary>
    public int Port { get; set; } = 8883;

    /// <summary>PEM certificate (chain) of the broker; with <see cref="KeyFile"/> it enables the TLS listener on Mqtt:ListenAddress.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
