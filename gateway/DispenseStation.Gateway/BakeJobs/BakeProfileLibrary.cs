using DispenseStation.Composition.Errors;
using DispenseStation.Gateway.Orchestration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// Versioned bake profiles: stored versions never change; saving a profile adds the next version. At start the YAML
/// files of the profiles directory are imported (a version already stored with other text is reported, not replaced).
/// </summary>
public sealed class BakeProfileLibrary(BakeJobStore store, IOptions<BakeJobOptions> options, TimeProvider time, ILogger<BakeProfileLibrary> log)
{
    private readonly BakeJobOptions _options = options.Value;
    private readonly SemaphoreSlim _save = new(1, 1);

    public double PlateLimitC => _options.PlateLimitC;

    public async Task ImportFilesAsync(CancellationToken ct)
    {
        var dir = LibraryOptions.Resolve(_options.ProfilesDirectory);
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml").Order())
        {
            var text = await File.ReadAllTextAsync(file, ct);
            try
            {
                var p = BakeProfileParser.Parse(text, Path.GetFileName(file), _options.PlateLimitC);
                if (!await store.AddProfileAsync(p.Name, p.Version, text, "file:" + Path.GetFileName(file), time.GetUtcNow(), ct))
                {
                    var stored = (await store.ListProfilesAsync(p.Name, ct)).First(r => r.Version == p.Version);
                    if (stored.Yaml != text) log.LogWarning("Bake profile {File}: {Name} v{Version} is already stored with other text; the stored version stays", file, p.Name, p.Version);
                }
            }
            catch (CompositionException e)
            {
                log.LogError("Bake profile {File} refused: {Error}", file, e.Message);
            }
        }
    }

    public async Task<IReadOnlyList<BakeProfile>> LatestAsync(CancellationToken ct) =>
        (await store.ListProfilesAsync(null, ct)).GroupBy(r => r.Name).Select(g => Parse(g.MaxBy(r => r.Version)!)).ToList();

    public async Task<IReadOnlyList<(BakeProfile Profile, string Yaml, string Author, DateTimeOffset At)>> VersionsAsync(string name, CancellationToken ct) =>
        (await store.ListProfilesAsync(name, ct)).Select(r => (Parse(r), r.Yaml, r.Author, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedMs))).ToList();

    /// <summary>The named version, or the latest when <paramref name="version"/> is null; null when there is none.</summary>
    public async Task<BakeProfile?> FindAsync(string name, int? version, CancellationToken ct)
    {
        var rows = await store.ListProfilesAsync(name, ct);
        var row = version is null ? rows.MaxBy(r => r.Version) : rows.FirstOrDefault(r => r.Version == version);
        return row is null ? null : Parse(row);
    }

    /// <summary>Checks <paramref name="yaml"/> and stores it as the profile's next version (whatever version it states).</summary>
    public async Task<BakeProfile> SaveAsync(string yaml, string author, CancellationToken ct)
    {
        await _save.WaitAsync(ct);
        try
        {
            var draft = BakeProfileParser.Parse(yaml, "profile", _options.PlateLimitC, version: 1);
            var next = ((await store.ListProfilesAsync(draft.Name, ct)).Select(r => r.Version).DefaultIfEmpty(0).Max()) + 1;
            var profile = draft with { Version = next };
            await store.AddProfileAsync(profile.Name, next, yaml, author, time.GetUtcNow(), ct);
            return profile;
        }
        finally
        {
            _save.Release();
        }
    }

    // Stored text passed the parser when it was saved; the stored version number wins over the text's.
    private BakeProfile Parse(BakeJobStore.ProfileRow r) => BakeProfileParser.Parse(r.Yaml, $"{r.Name} v{r.Version}", double.MaxValue, r.Version);
}
