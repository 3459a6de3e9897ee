using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Editor;

/// <summary>Saved recipe versions and the version each batch ran, in the gateway's database (SQLite or PostgreSQL); rows are only added.</summary>
public sealed class RecipeVersionStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    /// <summary>False when the id already has that version (two saves raced): the stored row stays as it was.</summary>
    public async Task<bool> AddAsync(RecipeVersion v, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO recipe_versions (recipe_id, version, yaml, content_sha256, author, note, created_ms, claim_set, verdict, draft)
            VALUES (@RecipeId, @Version, @Yaml, @Sha256, @Author, @Note, @at, @ClaimSet, @Verdict, @draft)
            ON CONFLICT (recipe_id, version) DO NOTHING
            """, new { v.RecipeId, v.Version, v.Yaml, v.Sha256, v.Author, v.Note, at = v.At.ToUnixTimeMilliseconds(), v.ClaimSet, v.Verdict, draft = v.Draft ? 1 : 0 },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Every saved version of one recipe, oldest first.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> ListAsync(string recipeId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(Select + " WHERE recipe_id = @recipeId ORDER BY version", new { recipeId }, cancellationToken: ct)))
            .Select(r => r.ToVersion()).ToList();
    }

    /// <summary>The latest saved version of every recipe that has one.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> LatestAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(Select + """
             r WHERE version = (SELECT MAX(version) FROM recipe_versions l WHERE l.recipe_id = r.recipe_id) ORDER BY recipe_id
            """, cancellationToken: ct))).Select(r => r.ToVersion()).ToList();
    }

    public async Task<RecipeVersion?> GetAsync(string recipeId, int version, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE recipe_id = @recipeId AND version = @version",
            new { recipeId, version }, cancellationToken: ct)))?.ToVersion();
    }

    /// <summary>Records which version a batch ran; written once, with the batch.</summary>
    public async Task LinkBatchAsync(string batchId, RecipeSource source, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO batch_recipe_versions (batch_id, recipe_id, version, content_sha256) VALUES (@batchId, @RecipeId, @Version, @Sha256)
            """, new { batchId, source.RecipeId, source.Version, source.Sha256 }, cancellationToken: ct));
    }

    /// <summary>The recipe version a batch ran, or null (inline recipe text, or a batch from before migration 10).</summary>
    public async Task<RecipeSource?> SourceOfAsync(string batchId, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<SourceRow>(new CommandDefinition(
            "SELECT recipe_id AS RecipeId, version, content_sha256 AS Sha256 FROM batch_recipe_versions WHERE batch_id = @batchId",
            new { batchId }, cancellationToken: ct));
        return row is null ? null : new RecipeSource(row.RecipeId, row.Version, row.Sha256);
    }

    // Aliased columns: Dapper's underscore matching is a process-wide switch this class must not rely on.
    private const string Select = "SELECT recipe_id AS RecipeId, version, yaml, content_sha256 AS Sha256, author, note, created_ms AS CreatedMs, " +
        "claim_set AS ClaimSet, verdict, draft FROM recipe_versions";

    /// <summary>Settable properties: Dapper converts SQLite's 64-bit and PostgreSQL's 32-bit integers alike.</summary>
    private sealed class Row
    {
        public string RecipeId { get; set; } = "";
        public int Version { get; set; }
        public string Yaml { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string Author { get; set; } = "";
        public string Note { get; set; } = "";
        public long CreatedMs { get; set; }
        public string ClaimSet { get; set; } = "";
        public string Verdict { get; set; } = "";
        public int Draft { get; set; }

        public RecipeVersion ToVersion() => new(RecipeId, Version, Yaml, Sha256, Author, Note, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs),
            ClaimSet, Verdict, Draft != 0);
    }

    private sealed class SourceRow
    {
        public string RecipeId { get; set; } = "";
        public int Version { get; set; }
        public string Sha256 { get; set; } = "";
    }
}
