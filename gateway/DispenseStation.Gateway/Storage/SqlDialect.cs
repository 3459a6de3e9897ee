using System.Data.Common;
using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DispenseStation.Gateway.Storage;

/// <summary>The few places where SQLite and PostgreSQL differ: connections, key columns, float type, triggers.</summary>
public abstract class SqlDialect
{
    // Every store maps snake_case columns to properties. Dapper's switch is process-wide, so it is set by the
    // type every connection comes from, not only by the repository (tests use the stores on their own).
    static SqlDialect() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public abstract StorageProvider Provider { get; }
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Auto-numbered 64-bit primary key column type.</summary>
    public abstract string IdentityKey { get; }
    public abstract string Double { get; }

    /// <summary>The database server's clock as Unix milliseconds, one value per statement (leases are timed by it, so
    /// that gateways on machines with skewed clocks agree).</summary>
    public abstract string NowMs { get; }

    /// <summary>DDL making <paramref name="table"/> reject UPDATE and DELETE.</summary>
    public abstract string AppendOnlyTriggers(string table);

    /// <summary>Replaces {pk} and {double} in migration text.</summary>
    public string Expand(string sql) => sql.Replace("{pk}", IdentityKey).Replace("{double}", Double);

    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => new SqliteDialect(),
        StorageProvider.Postgres => new PostgresDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };

    private sealed class SqliteDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Sqlite;
        public override DbConnection CreateConnection(string cs) => new SqliteConnection(cs);
        public override string IdentityKey => "INTEGER PRIMARY KEY AUTOINCREMENT";
        public override string Double => "REAL";
        // julianday('now') is fixed for the duration of one statement.
        public override string NowMs => "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
        public override string AppendOnlyTriggers(string table) => $"""
            CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
            CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
            """;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Postgres;
        public override DbConnection CreateConnection(string cs) => new NpgsqlConnection(cs);
        public override string IdentityKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
        public override string Double => "DOUBLE PRECISION";
        public override string NowMs => "CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000 AS BIGINT)";
        public override string AppendOnlyTriggers(string table) => $"""
            CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END $$;
            CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();
            """;
    }
}
