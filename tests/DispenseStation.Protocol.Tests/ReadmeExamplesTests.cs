using DispenseStation.Protocol.Pumps;
using System.Text;
using System.Text.RegularExpressions;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Tests;

/// <summary>The example payloads in the protocol README are real: each one parses with its parser.</summary>
public partial class ReadmeExamplesTests
{
    [GeneratedRegex(@"<!-- example: (?<kind>[a-z/-]+) -->\s*```json\s*(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Example();

    [Fact]
    public void Every_readme_example_parses()
    {
        string readme = File.ReadAllText(FindReadme());
        var examples = Example().Matches(readme);
        Assert.True(examples.Count >= 9, $"found only {examples.Count} examples");
        foreach (Match example in examples)
        {
            string kind = example.Groups["kind"].Value;
            byte[] json = Encoding.UTF8.GetBytes(example.Groups["json"].Value);
            bool ok;
            string error;
            switch (kind)
            {
                case "state": ok = StateMessage.TryParse(json, 0, json.Length, out _, out error); break;
                case "telemetry": ok = TelemetryMessage.TryParse(json, 0, json.Length, out _, out error); break;
                case "event":
                    ok = EventMessage.TryParse(json, 0, json.Length, out _, out error);
                    if (ok && example.Groups["json"].Value.Contains("\"pump-run\"")) ok = PumpRunEvent.TryParse(json, 0, json.Length, out _, out error);
                    break;
                case "cmd-result": ok = CommandResultMessage.TryParse(json, 0, json.Length, out _, out error); break;
                default:
                    Assert.StartsWith("cmd/", kind);
                    ok = CommandMessage.TryParse(kind[4..], json, 0, json.Length, out _, out error);
                    break;
            }
            Assert.True(ok, $"{kind} example: {error}");
        }
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "shared", "DispenseStation.Protocol", "README.md");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("shared/DispenseStation.Protocol/README.md not found above " + AppContext.BaseDirectory);
    }
}
