using System.Text.Json;
using System.Text.Json.Serialization;

namespace DispenseStation.VirtualStation.Hosting;

/// <summary>
/// Everything a virtual station is started with, from a JSON config file and/or the command line
/// (the command line wins). Example file:
/// <code>
/// { "stationId": "st-1", "broker": "localhost:1883", "username": "st-1", "password": "secret",
///   "channels": ["resin", "solvent", "crosslinker", "pag", "quencher", "surfactant"],
///   "stateDir": "state/st-1", "speed": 1, "telemetryHz": 5, "linkHoldS": 30, "seed": 1 }
/// </code>
/// </summary>
public sealed class VirtualStationOptions
{
    public string? StationId { get; set; }
    /// <summary>host or host:port.</summary>
    public string Broker { get; set; } = "localhost:1883";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>Plant pump per station channel, in channel order; null = every plant pump in file order.</summary>
    public string[]? Channels { get; set; }
    /// <summary>Directory of the station's non-volatile store.</summary>
    public string? StateDir { get; set; }
    /// <summary>Simulated seconds per wall second; 0 = as fast as possible.</summary>
    public double Speed { get; set; } = 1;
    public double TelemetryHz { get; set; } = 5;
    public double LinkHoldS { get; set; } = 30;
    public int Seed { get; set; } = 1;
    public string FirmwareVersion { get; set; } = "0.1.0-virtual";
    /// <summary>Bake jobs: a simulated operator places and removes wafers on the simulated plate at the prompts.</summary>
    public bool AutoWafers { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static VirtualStationOptions LoadFile(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<VirtualStationOptions>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty config");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>"a,b,c" or "0=a,1=b,2=c" (indices must then be 0..n-1, each once).</summary>
    public static string[] ParseChannelMap(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new FormatException("channel map: empty");
        if (!parts.Any(p => p.Contains('='))) return parts;
        var map = new string?[parts.Length];
        foreach (var part in parts)
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[0], out int index) || index < 0 || index >= parts.Length || kv[1].Length == 0)
                throw new FormatException($"channel map: '{part}' is not index=pump with index 0..{parts.Length - 1}");
            if (map[index] != null) throw new FormatException($"channel map: channel {index} given twice");
            map[index] = kv[1];
        }
        return map!;
    }

    public (string Host, int Port) BrokerEndpoint()
    {
        string b = Broker.Trim();
        int colon = b.LastIndexOf(':');
        if (colon < 0) return (b, 1883);
        if (!int.TryParse(b[(colon + 1)..], out int port) || port is < 1 or > 65535)
            throw new FormatException($"broker: '{Broker}' has no valid port (1..65535)");
        return (b[..colon], port);
    }

    /// <summary>Null when usable, else the field and the rule.</summary>
    public string? Check()
    {
        if (StationId == null) return "stationId: required (--station-id or the config file)";
        string? id = DispenseStation.Protocol.StationId.Check(StationId);
        if (id != null) return "stationId: " + id;
        if (string.IsNullOrWhiteSpace(Broker)) return "broker: required";
        try { BrokerEndpoint(); } catch (FormatException ex) { return ex.Message; }
        if (Password != null && Username == null) return "password: given without a username";
        if (!(Speed >= 0) || double.IsInfinity(Speed)) return "speed: must be >= 0 (0 = as fast as possible)";
        if (!(TelemetryHz > 0) || TelemetryHz > 50) return "telemetryHz: must be in (0, 50]";
        if (!(LinkHoldS >= 0) || LinkHoldS > 3600) return "linkHoldS: must be 0..3600";
        return null;
    }
}
