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
                if (!await store.AddProfileAsync(p.Name, p.Version, text, ShippedAuthorPrefix + Path.GetFileName(file), time.GetUtcNow(), ct, "shipped file (read-only)"))
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

    /// <summary>Every stored version of the profile, oldest first.</summary>
    public async Task<IReadOnlyList<BakeProfileVersion>> VersionsAsync(string name, CancellationToken ct) =>
        (await store.ListProfilesAsync(name, ct)).Select(r => new BakeProfileVersion(Parse(r), r.Yaml, r.Author,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedMs), r.Note, r.Sha256!, r.Author.StartsWith(ShippedAuthorPrefix, StringComparison.Ordinal))).ToList();

    /// <summary>Author of a version imported from a shipped file: "file:" and the file name.</summary>
    public const string ShippedAuthorPrefix = "file:";

    /// <summary>The named version, or the latest when <paramref name="version"/> is null; null when there is none.</summary>
    public async Task<BakeProfile?> FindAsync(string name, int? version, CancellationToken ct)
    {
        var rows = await store.ListProfilesAsync(name, ct);
        var row = version is null ? rows.MaxBy(r => r.Version) : rows.FirstOrDefault(r => r.Version == version);
        return row is null ? null : Parse(row);
    }

    /// <summary>Parses <paramref name="yaml"/> as a profile would be saved (a <see cref="CompositionException"/> names each field and rule).</summary>
    public BakeProfile Check(string yaml) => BakeProfileParser.Parse(yaml, "profile", _options.PlateLimitC, version: 1);

    /// <summary>
    /// Checks <paramref name="yaml"/> and stores it as the profile's next version (whatever version it states), with the
    /// change note. Refused with nothing stored: text identical to the latest version, or a <paramref name="baseVersion"/>
    /// (the version the engineer edited) that is no longer the latest.
    /// </summary>
    public async Task<BakeProfile> SaveAsync(string yaml, string author, string? note, int? baseVersion, CancellationToken ct)
    {
        await _save.WaitAsync(ct);
        try
        {
            var draft = Check(yaml);
            var rows = await store.ListProfilesAsync(draft.Name, ct);
            var latest = rows.MaxBy(r => r.Version);
            if (baseVersion is { } b && latest is not null && b != latest.Version)
                throw RequestRejectedException.Conflict("baseVersion", $"you edited version {b}, but version {latest.Version} was saved since by {latest.Author}; open version {latest.Version} and apply your change there");
            if (latest is not null && latest.Sha256 == Editor.ContentHash.Of(yaml))
                throw RequestRejectedException.Conflict("yaml", $"identical to version {latest.Version} of {draft.Name}: there is no change to save");
            var next = (latest?.Version ?? 0) + 1;
            var profile = draft with { Version = next };
            if (!await store.AddProfileAsync(profile.Name, next, yaml, author, time.GetUtcNow(), ct, note))
                throw RequestRejectedException.Conflict("version", $"version {next} of {draft.Name} was saved by someone else at the same moment; reload and save again");
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

/// <summary>One stored version of a bake profile with who saved it, when, why, the hash of its text, and whether it came from a shipped file.</summary>
public sealed record BakeProfileVersion(BakeProfile Profile, string Yaml, string Author, DateTimeOffset At, string? Note, string Sha256, bool Shipped);
