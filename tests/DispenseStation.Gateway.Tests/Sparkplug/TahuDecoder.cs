using System.Runtime.CompilerServices;
using System.Text.Json;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// Eclipse Tahu's JavaScript Sparkplug B codec (npm sparkplug-payload 1.0.3, installed by scripts/setup.sh into
/// tests/DispenseStation.Gateway.Tests/Sparkplug/tahu) run by node: an implementation the gateway shares no code with.
/// Missing node or package is a failure, not a skip.
/// </summary>
public static class TahuDecoder
{
    public static string Folder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "tahu");

    /// <summary>Each payload as Tahu decodes it: "decoded" (its friendly form) and "raw" (its protobuf message).</summary>
    public static async Task<List<JsonElement>> DecodeAsync(IEnumerable<byte[]> payloads)
    {
        var node = ExternalService.FindExecutable("node", "/usr/bin/node")
            ?? throw new InvalidOperationException("node not found: run scripts/setup.sh (installs nodejs and npm)");
        var script = Path.Combine(Folder(), "decode.js");
        if (!Directory.Exists(Path.Combine(Folder(), "node_modules", "sparkplug-payload")))
            throw new InvalidOperationException($"sparkplug-payload is not installed in {Folder()}: run scripts/setup.sh");
        var stdin = JsonSerializer.Serialize(payloads.Select(Convert.ToBase64String));
        var stdout = await ProcessRunner.RunAsync(node, [script], TimeSpan.FromSeconds(60), stdin);
        return JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
