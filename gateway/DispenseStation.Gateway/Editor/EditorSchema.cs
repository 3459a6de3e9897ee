using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Editor;

/// <summary>
/// Migration 10: saved recipe versions (who, when, text, SHA-256 of the text, change note, claim verdict, draft flag), the
/// recipe version each batch ran, and a change note and hash on bake-profile versions. All three tables are append-only: a
/// saved version is never edited, the next save is a new row.
/// </summary>
public static class EditorSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE recipe_versions (
            recipe_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            yaml TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            author TEXT NOT NULL,
            note TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            claim_set TEXT NOT NULL,
            verdict TEXT NOT NULL,
            draft INTEGER NOT NULL,
            PRIMARY KEY (recipe_id, version));

        CREATE TABLE batch_recipe_versions (
            batch_id TEXT PRIMARY KEY REFERENCES batches(id),
            recipe_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_sha256 TEXT NOT NULL);

        ALTER TABLE bake_profiles ADD COLUMN note TEXT NULL;
        ALTER TABLE bake_profiles ADD COLUMN content_sha256 TEXT NULL;
        """) + d.AppendOnlyTriggers("recipe_versions") + d.AppendOnlyTriggers("batch_recipe_versions") + d.AppendOnlyTriggers("bake_profiles");
}
