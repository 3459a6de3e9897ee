using System.Net;
using DispenseStation.Gateway.Security;
using DispenseStation.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DispenseStation.Gateway.Configuration;

/// <summary>Checks the whole configuration at start-up; every failure names the setting and the rule.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions o)
    {
        var errors = new List<string>();
        void Fail(string setting, string rule) => errors.Add($"{GatewayOptions.Section}:{setting}: {rule}");

        var m = o.Mqtt;
        if (m.Mode == BrokerMode.Embedded)
        {
            if (!IPAddress.TryParse(m.ListenAddress, out _))
                Fail("Mqtt:ListenAddress", $"must be an IP address such as 127.0.0.1 (got '{m.ListenAddress}')");
            if (m.Port is < 1 or > 65535)
                Fail("Mqtt:Port", $"must be between 1 and 65535 (got {m.Port})");
            Mqtt.Hardening.BrokerLimitsValidator.Validate(m, Fail);
        }
        else
        {
            if (!Uri.TryCreate(m.BrokerUrl, UriKind.Absolute, out var url) || (url.Scheme != "mqtt" && url.Scheme != "mqtts") || url.Host.Length == 0)
                Fail("Mqtt:BrokerUrl", $"must be mqtt://host[:port] or mqtts://host[:port] when Mqtt:Mode is External (got '{m.BrokerUrl}')");
            if (string.IsNullOrEmpty(m.GatewayPassword))
                Fail("Mqtt:GatewayPassword", "is required when Mqtt:Mode is External");
            if (m.CaCertificateFile is { Length: > 0 } ca && !File.Exists(ca))
                Fail("Mqtt:CaCertificateFile", $"file '{ca}' does not exist");
        }
        if (StationId.Check(m.GatewayUsername) is { } userError)
            Fail("Mqtt:GatewayUsername", $"follows the station id rule: {userError} (got '{m.GatewayUsername}')");
        if (m.TelemetryUsername is { } telemetryUser)
        {
            if (StationId.Check(telemetryUser) is { } telemetryError)
                Fail("Mqtt:TelemetryUsername", $"follows the station id rule: {telemetryError} (got '{telemetryUser}')");
            // Under Mosquitto's use_username_as_clientid the two sessions would take each other's place.
            else if (telemetryUser == m.GatewayUsername)
                Fail("Mqtt:TelemetryUsername", $"must differ from Mqtt:GatewayUsername '{m.GatewayUsername}' (the telemetry session is a client of its own)");
        }
        if (m.KeepAliveSeconds is < 1 or > 3600)
            Fail("Mqtt:KeepAliveSeconds", $"must be between 1 and 3600 (got {m.KeepAliveSeconds})");
        if (m.ReconnectDelayMilliseconds is < 50 or > 600_000)
            Fail("Mqtt:ReconnectDelayMilliseconds", $"must be between 50 and 600000 (got {m.ReconnectDelayMilliseconds})");

        ValidateStorage(o.Storage, Fail);
        Fleet.FleetOptionsValidator.Validate(o, Fail);

        var t = o.Telemetry;
        if (t.RetentionDays < 1)
            Fail("Telemetry:RetentionDays", $"must be at least 1 (got {t.RetentionDays})");
        if (t.PruneIntervalMinutes < 1)
            Fail("Telemetry:PruneIntervalMinutes", $"must be at least 1 (got {t.PruneIntervalMinutes})");
        if (t.DownsampleMilliseconds is < 10 or > 60_000)
            Fail("Telemetry:DownsampleMilliseconds", $"must be between 10 and 60000 (got {t.DownsampleMilliseconds})");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Stations.Count; i++)
        {
            var s = o.Stations[i];
            if (StationId.Check(s.Id) is { } idError)
                Fail($"Stations:{i}:Id", $"{idError} (got '{s.Id}')");
            else if (!seen.Add(s.Id))
                Fail($"Stations:{i}:Id", $"station '{s.Id}' is listed twice");
            else if (s.Id.StartsWith(m.GatewayUsername, StringComparison.Ordinal))
                Fail($"Stations:{i}:Id", $"must not start with Mqtt:GatewayUsername '{m.GatewayUsername}' (the gateway's client ids do)");
            if (PasswordHash.FormatError(s.PasswordHash) is { } hashError)
                Fail($"Stations:{i}:PasswordHash", $"{hashError}; create one with 'DispenseStation.Gateway hash-password'");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateStorage(StorageOptions s, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(s.ConnectionString))
        {
            fail("Storage:ConnectionString", "is required");
            return;
        }
        try
        {
            // The providers' own builders reject unknown keywords and malformed values.
            if (s.Provider == StorageProvider.Sqlite)
            {
                var b = new SqliteConnectionStringBuilder(s.ConnectionString);
                if (string.IsNullOrEmpty(b.DataSource)) fail("Storage:ConnectionString", "needs 'Data Source=FILE' for SQLite");
            }
            else
            {
                var b = new NpgsqlConnectionStringBuilder(s.ConnectionString);
                if (string.IsNullOrEmpty(b.Host)) fail("Storage:ConnectionString", "needs 'Host=...' for PostgreSQL");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            fail("Storage:ConnectionString", $"is not a valid {s.Provider} connection string: {e.Message}");
        }
    }
}
