using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Editor;

/// <summary>What an engineer sends to save a recipe version: the text, why it changed, whether it is a draft, and the version it was edited from.</summary>
public sealed record SaveRecipeVersion(string? Yaml, string? Note, bool? Draft, int? BaseVersion);

/// <summary>
/// Recipe versions: the shipped example file is version 0 (read-only); each save is the next version, checked before
/// anything is stored (id, note, size and depth of the text, parse, claim check) and audited. A recipe that fails its claim
/// set may be saved only as a draft; drafts are never run.
/// </summary>
public sealed class RecipeEditor(RecipeVersionStore store, RecipeLibrary library, Guards.InputLimits limits, AuditTrail audit, TimeProvider time)
{
    public const int MinNoteLength = 3;
    public const int MaxNoteLength = 500;
    private readonly SemaphoreSlim _save = new(1, 1);

    /// <summary>Every recipe id, shipped or saved, with its latest version.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> IndexAsync(CancellationToken ct)
    {
        var saved = (await store.LatestAsync(ct)).ToDictionary(v => v.RecipeId, StringComparer.Ordinal);
        var shipped = library.Recipes().Where(e => !saved.ContainsKey(e.Id)).Select(e => Shipped(e)!);
        return saved.Values.Concat(shipped).OrderBy(v => v.RecipeId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Version 0 (when the id has a shipped file) and every saved version, oldest first; 404 when there is neither.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> VersionsAsync(string id, CancellationToken ct)
    {
        CheckId(id);
        var versions = await VersionsOrNoneAsync(id, ct);
        if (versions.Count == 0) throw RequestRejectedException.NotFound("id", $"no recipe '{id}' (neither a shipped file nor a saved version)");
        return versions;
    }

    public async Task<RecipeVersion> GetAsync(string id, int version, CancellationToken ct)
    {
        CheckId(id);
        var found = version == RecipeVersion.ShippedVersion ? Shipped(library.FindRecipe(id)) : await store.GetAsync(id, version, ct);
        return found ?? throw RequestRejectedException.NotFound("version", version == RecipeVersion.ShippedVersion
            ? $"recipe '{id}' has no shipped file (version 0)" : $"recipe '{id}' has no version {version}");
    }

    /// <summary>Line diff from version <paramref name="from"/> to version <paramref name="to"/>.</summary>
    public async Task<(RecipeVersion From, RecipeVersion To, TextDiff Diff)> DiffAsync(string id, int from, int to, CancellationToken ct)
    {
        var a = await GetAsync(id, from, ct);
        var b = await GetAsync(id, to, ct);
        return (a, b, LineDiff.Of(a.Yaml, b.Yaml));
    }

    /// <summary>Checks everything, then stores the next version and audits it; throws <see cref="RequestRejectedException"/> with nothing stored.</summary>
    public async Task<RecipeVersion> SaveAsync(string id, SaveRecipeVersion request, string author, CancellationToken ct)
    {
        CheckId(id);
        var note = CheckNote(request.Note);
        if (string.IsNullOrWhiteSpace(request.Yaml)) throw RequestRejectedException.BadRequest("yaml", "required: the recipe as YAML text");
        Guards.YamlGuard.Check(request.Yaml, "yaml", limits.Options);
        Composition.Recipes.Recipe recipe;
        try { recipe = library.ParseRecipe(request.Yaml, id + ".yaml"); }
        catch (CompositionException e) { throw RequestRejectedException.From(e); }
        var report = RecipeValidator.Validate(recipe);
        var draft = request.Draft ?? false;
        if (!draft && ComplianceRefusal.Of(report, "recipe is not compliant: fix it, or save it as a draft (drafts are never run)") is { } refusal) throw refusal;

        await _save.WaitAsync(ct);
        try
        {
            var versions = await VersionsOrNoneAsync(id, ct);
            var latest = versions.LastOrDefault();
            if (request.BaseVersion is { } b && b != (latest?.Version ?? b))
                throw RequestRejectedException.Conflict("baseVersion", $"you edited version {b}, but version {latest!.Version} was saved since by {latest.Author} at {latest.At:u}; open version {latest.Version} and apply your change there");
            var sha = ContentHash.Of(request.Yaml);
            if (latest is not null && latest.Sha256 == sha)
                throw RequestRejectedException.Conflict("yaml", $"identical to version {latest.Version}: there is no change to save");
            var next = versions.Where(v => !v.Shipped).Select(v => v.Version).DefaultIfEmpty(RecipeVersion.ShippedVersion).Max() + 1;
            var saved = new RecipeVersion(id, next, request.Yaml, sha, author, note, time.GetUtcNow(), report.ClaimSetId, report.Verdict.ToString(), draft);
            if (!await store.AddAsync(saved, ct))
                throw RequestRejectedException.Conflict("version", $"version {next} of '{id}' was saved by someone else at the same moment; reload and save again");
            await audit.AppendAsync(new AuditAction(author, AuditEntity.Recipe, id, "version-saved",
                latest is null ? null : new { version = latest.Version, sha256 = latest.Sha256 },
                new { version = next, sha256 = sha, note, verdict = saved.Verdict, draft }, Details: new { claimSet = saved.ClaimSet }), CancellationToken.None);
            return saved;
        }
        finally
        {
            _save.Release();
        }
    }

    /// <summary>
    /// The recipe text a batch request names, and the version it came from. An example id alone (or with version 0) is the
    /// shipped file; a saved version must exist and must not be a draft. Inline text has no source.
    /// </summary>
    public async Task<(BatchRequest Request, RecipeSource? Source)> ResolveRunAsync(BatchRequest request, CancellationToken ct)
    {
        if (request.RecipeVersion is not { } version)
        {
            if (string.IsNullOrWhiteSpace(request.Recipe)) return (request, null);
            if (library.FindRecipe(request.Recipe) is not { } file)
            {
                // A recipe made in the editor has no shipped file: say which versions there are instead of "unknown".
                var stored = RecipeIds.Check(request.Recipe) is null ? await store.ListAsync(request.Recipe, ct) : [];
                if (stored.Count > 0)
                    throw RequestRejectedException.BadRequest("recipeVersion", $"required: '{request.Recipe}' has no shipped file; run one of its saved versions ({string.Join(", ", stored.Select(v => v.Version))})");
                return (request, null);
            }
            return (request, new RecipeSource(file.Id, RecipeVersion.ShippedVersion, ContentHash.Of(await File.ReadAllTextAsync(file.Path, ct))));
        }
        if (string.IsNullOrWhiteSpace(request.Recipe))
            throw RequestRejectedException.BadRequest("recipeVersion", "goes with 'recipe' (the recipe id), not with inline 'recipeYaml'");
        if (!string.IsNullOrWhiteSpace(request.RecipeYaml))
            throw RequestRejectedException.BadRequest("recipe", "give exactly one of 'recipe' (an example recipe id) or 'recipeYaml' (recipe text)");
        if (version < 0) throw RequestRejectedException.BadRequest("recipeVersion", $"must be 0 (the shipped file) or a saved version, 1 or more (got {version})");
        if (version == RecipeVersion.ShippedVersion) return await ResolveRunAsync(request with { RecipeVersion = null }, ct);
        if (RecipeIds.Check(request.Recipe) is { } why) throw RequestRejectedException.BadRequest("recipe", why);
        var saved = await store.GetAsync(request.Recipe, version, ct)
            ?? throw RequestRejectedException.BadRequest("recipeVersion", $"recipe '{request.Recipe}' has no saved version {version}");
        if (saved.Draft)
            throw RequestRejectedException.Conflict("recipeVersion", $"version {version} of '{saved.RecipeId}' is a draft ({saved.Verdict} with {saved.ClaimSet}): drafts are never run");
        return (request with { Recipe = null, RecipeYaml = saved.Yaml, RecipeVersion = null }, new RecipeSource(saved.RecipeId, saved.Version, saved.Sha256));
    }

    private async Task<IReadOnlyList<RecipeVersion>> VersionsOrNoneAsync(string id, CancellationToken ct)
    {
        var versions = new List<RecipeVersion>();
        if (Shipped(library.FindRecipe(id)) is { } v0) versions.Add(v0);
        versions.AddRange(await store.ListAsync(id, ct));
        return versions;
    }

    /// <summary>Version 0: the shipped file as it is on disk, with its claim verdict worked out now.</summary>
    private RecipeVersion? Shipped(RecipeEntry? entry)
    {
        if (entry is null) return null;
        var yaml = File.ReadAllText(entry.Path);
        string claimSet = entry.ClaimSet, verdict;
        try
        {
            var report = RecipeValidator.Validate(library.ParseRecipe(yaml, entry.Id + ".yaml"));
            (claimSet, verdict) = (report.ClaimSetId, report.Verdict.ToString());
        }
        catch (CompositionException) { verdict = "Unreadable"; }
        return new RecipeVersion(entry.Id, RecipeVersion.ShippedVersion, yaml, ContentHash.Of(yaml), RecipeVersion.ShippedAuthor,
            "shipped example (read-only)", new DateTimeOffset(File.GetLastWriteTimeUtc(entry.Path), TimeSpan.Zero), claimSet, verdict, false);
    }

    private static void CheckId(string id)
    {
        if (RecipeIds.Check(id) is { } why) throw RequestRejectedException.BadRequest("id", why);
    }

    /// <summary>A change note says why, in a few words at least; it is part of the record.</summary>
    public static string CheckNote(string? note)
    {
        var n = note?.Trim() ?? "";
        if (n.Length < MinNoteLength) throw RequestRejectedException.BadRequest("note", $"required: say what changed and why, in at least {MinNoteLength} characters");
        if (n.Length > MaxNoteLength) throw RequestRejectedException.BadRequest("note", $"at most {MaxNoteLength} characters (got {n.Length})");
        return n;
    }
}
