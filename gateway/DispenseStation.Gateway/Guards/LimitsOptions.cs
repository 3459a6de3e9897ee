namespace DispenseStation.Gateway.Guards;

/// <summary>Bounds on what callers may send (section "Gateway:Limits"). Each breach is a 400, 413 or 429 naming the limit.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Gateway:Limits";

    /// <summary>Largest request body Kestrel reads (413 beyond). Recipes are a few KB; 1 MiB leaves room for any honest request.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Largest recipe text (UTF-8 bytes) accepted for validation, planning or a batch.</summary>
    public int MaxRecipeBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest nesting of YAML mappings and sequences (shipped recipes nest 3 levels).</summary>
    public int MaxYamlDepth { get; set; } = 32;

    /// <summary>Most YAML nodes a recipe may expand to, counting each alias as a copy of what it names (alias bombs).</summary>
    public int MaxYamlNodes { get; set; } = 20_000;

    /// <summary>
    /// Requests that parse recipe or profile text, plan, diff or verify records (<see cref="HeavyRequests"/>) running at
    /// once; half the cores, so a flood of them leaves the other half to /health, the dashboard and the stations.
    /// </summary>
    public int HeavyRequestsInParallel { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Heavy requests that wait for a place (429 beyond): a page that validates and plans at once waits instead of failing.</summary>
    public int HeavyRequestsQueued { get; set; } = 2;

    /// <summary>
    /// HTTP connections served at once (Kestrel's MaxConcurrentConnections); a connection beyond it is closed as soon as
    /// it is accepted, before anything is read. Without it, 10,000 requests opened at once queued ahead of /health for
    /// 2 s; at 128 /health stays within 100 ms (bench/results/bad-request-flood-10000-open.md). A dashboard holds about
    /// 7 (six requests and its event stream): 128 leaves room for every event stream (MaxEventStreams) and more.
    /// </summary>
    public long MaxConnections { get; set; } = 128;

    /// <summary>Connections refused over <see cref="MaxConnections"/> are logged at most once per this many seconds, with the count.</summary>
    public double RefusedConnectionsLogSeconds { get; set; } = 60;

    /// <summary>Concurrent /api/events streams (429 beyond); each holds a connection and a feed subscription.</summary>
    public int MaxEventStreams { get; set; } = 64;
}
