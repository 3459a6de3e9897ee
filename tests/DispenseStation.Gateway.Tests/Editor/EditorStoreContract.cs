using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.BakeJobs;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>Recipe versions, the version a batch ran and bake-profile notes (migration 8) on every database; run once per provider.</summary>
public abstract class EditorStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<StorageOptions> NewDatabaseAsync();

    private async Task<StorageSetup> MigratedAsync()
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = await NewDatabaseAsync() }), NullLogger<StorageSetup>.Instance);
        await setup.StartAsync(default);
        return setup;
    }

    private static RecipeVersion Version(int n, string yaml, bool draft = false) =>
        new("team/resist-a", n, yaml, ContentHash.Of(yaml), "eva", $"change {n}", T0.AddMinutes(n), "silsesquioxane-negative", draft ? "NonCompliant" : "Compliant", draft);

    [SkippableFact]
    public async Task Versions_round_trip_and_a_stored_version_is_never_replaced()
    {
        var store = new RecipeVersionStore(await MigratedAsync());
        Assert.True(await store.AddAsync(Version(1, "name: a\n"), default));
        Assert.True(await store.AddAsync(Version(2, "name: b\n", draft: true), default));
        Assert.False(await store.AddAsync(Version(2, "name: other\n"), default)); // a race for the same number: the first stays

        var list = await store.ListAsync("team/resist-a", default);
        Assert.Equal([1, 2], list.Select(v => v.Version));
        Assert.Equal(Version(2, "name: b\n", draft: true), list[1]);
        Assert.Equal(Version(1, "name: a\n"), await store.GetAsync("team/resist-a", 1, default));
        Assert.Null(await store.GetAsync("team/resist-a", 3, default));
        Assert.Empty(await store.ListAsync("team/other", default));

        Assert.True(await store.AddAsync(Version(1, "name: c\n") with { RecipeId = "team/resist-b" }, default));
        var latest = await store.LatestAsync(default);
        Assert.Equal([("team/resist-a", 2), ("team/resist-b", 1)], latest.Select(v => (v.RecipeId, v.Version)));
    }

    [SkippableFact]
    public async Task The_version_a_batch_ran_is_stored_with_the_batch()
    {
        var setup = await MigratedAsync();
        var repo = new SqlGatewayRepository(setup.Dialect, setup.ConnectionString);
        await repo.UpsertStationAsync("st-1", "1.0", T0);
        await repo.CreateBatchAsync(new BatchRecord("b-1", "st-1", "a", "name: a\n", 100, "tomas", new Dictionary<string, string>(), BatchState.Created,
            null, T0, null, null), default);
        var store = new RecipeVersionStore(setup);
        var source = new RecipeSource("team/resist-a", 2, ContentHash.Of("name: a\n"));
        await store.LinkBatchAsync("b-1", source, default);
        Assert.Equal(source, await store.SourceOfAsync("b-1", default));
        Assert.Null(await store.SourceOfAsync("b-2", default));
        // One source per batch: a second link is refused, not merged.
        await Assert.ThrowsAnyAsync<DbException>(() => store.LinkBatchAsync("b-1", source with { Version = 3 }, default));
    }

    [SkippableFact]
    public async Task Bake_profile_versions_keep_their_note_and_hash()
    {
        var store = new BakeJobStore(await MigratedAsync());
        Assert.True(await store.AddProfileAsync("peb-110", 1, "name: peb-110\n", "file:peb-110.yaml", T0, default, "shipped file (read-only)"));
        Assert.True(await store.AddProfileAsync("peb-110", 2, "name: peb-110\n# 90 s\n", "eva", T0.AddHours(1), default, "hold 90 s"));
        var rows = await store.ListProfilesAsync("peb-110", default);
        Assert.Equal(["shipped file (read-only)", "hold 90 s"], rows.Select(r => r.Note));
        Assert.Equal(ContentHash.Of("name: peb-110\n# 90 s\n"), rows[1].Sha256);
    }

    [SkippableTheory]
    [InlineData("recipe_versions", "UPDATE recipe_versions SET note = 'rewritten'")]
    [InlineData("recipe_versions", "DELETE FROM recipe_versions")]
    [InlineData("batch_recipe_versions", "UPDATE batch_recipe_versions SET version = 9")]
    [InlineData("batch_recipe_versions", "DELETE FROM batch_recipe_versions")]
    [InlineData("bake_profiles", "UPDATE bake_profiles SET yaml = 'rewritten'")]
    [InlineData("bake_profiles", "DELETE FROM bake_profiles")]
    public async Task Saved_versions_cannot_be_changed_or_deleted(string table, string sql)
    {
        var setup = await MigratedAsync();
        var repo = new SqlGatewayRepository(setup.Dialect, setup.ConnectionString);
        await repo.UpsertStationAsync("st-1", "1.0", T0);
        await repo.CreateBatchAsync(new BatchRecord("b-1", "st-1", "a", "name: a\n", 100, "tomas", new Dictionary<string, string>(), BatchState.Created,
            null, T0, null, null), default);
        var store = new RecipeVersionStore(setup);
        await store.AddAsync(Version(1, "name: a\n"), default);
        await store.LinkBatchAsync("b-1", new RecipeSource("team/resist-a", 1, ContentHash.Of("name: a\n")), default);
        await new BakeJobStore(setup).AddProfileAsync("peb-110", 1, "name: peb-110\n", "eva", T0, default, "first");

        await using var c = await setup.OpenAsync(default);
        var e = await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync(sql));
        Assert.Contains($"{table} is append-only", e.Message);
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
    }
}
