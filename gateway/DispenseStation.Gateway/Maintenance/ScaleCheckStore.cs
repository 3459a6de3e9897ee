using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>Scale checks in the gateway's database (SQLite or PostgreSQL), via Dapper; rows are only ever added.</summary>
public sealed class ScaleCheckStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    private const string Columns = """
        id, station_id AS StationId, checked_ms AS CheckedMs, checked_by AS CheckedBy, zero_ms AS ZeroMs, zero_by AS ZeroBy,
        nominal_g AS NominalG, certificate, zero_g AS ZeroG, loaded_g AS LoadedG, reading_g AS ReadingG, error_g AS ErrorG,
        tolerance_g AS ToleranceG, passed, firmware
        """;

    /// <summary>Stores a check; returns it with its id.</summary>
    public async Task<ScaleCheckRecord> AddAsync(ScaleCheckRecord r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO scale_checks (station_id, checked_ms, checked_by, zero_ms, zero_by, nominal_g, certificate, zero_g, loaded_g,
                reading_g, error_g, tolerance_g, passed, firmware)
            VALUES (@StationId, @checkedMs, @CheckedBy, @zeroMs, @ZeroBy, @NominalGrams, @Certificate, @ZeroGrams, @LoadedGrams,
                @ReadingGrams, @ErrorGrams, @ToleranceGrams, @passed, @Firmware) RETURNING id
            """, new
        {
            r.StationId, checkedMs = r.CheckedAt.ToUnixTimeMilliseconds(), r.CheckedBy, zeroMs = r.ZeroAt.ToUnixTimeMilliseconds(), r.ZeroBy,
            r.NominalGrams, r.Certificate, r.ZeroGrams, r.LoadedGrams, r.ReadingGrams, r.ErrorGrams, r.ToleranceGrams, passed = r.Passed ? 1 : 0, r.Firmware,
        }, cancellationToken: ct));
        return r with { Id = id };
    }

    /// <summary>Newest first; all stations when <paramref name="stationId"/> is null.</summary>
    public async Task<IReadOnlyList<ScaleCheckRecord>> ListAsync(string? stationId, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM scale_checks {(stationId is null ? "" : "WHERE station_id = @station")} ORDER BY checked_ms DESC, id DESC LIMIT @limit",
            new { station = stationId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<ScaleCheckRecord?> LatestAsync(string stationId, CancellationToken ct) => (await ListAsync(stationId, 1, ct)).FirstOrDefault();

    private sealed class Row
    {
        public long Id { get; set; }
        public string StationId { get; set; } = "";
        public long CheckedMs { get; set; }
        public string CheckedBy { get; set; } = "";
        public long ZeroMs { get; set; }
        public string ZeroBy { get; set; } = "";
        public double NominalG { get; set; }
        public string Certificate { get; set; } = "";
        public double ZeroG { get; set; }
        public double LoadedG { get; set; }
        public double ReadingG { get; set; }
        public double ErrorG { get; set; }
        public double ToleranceG { get; set; }
        public long Passed { get; set; }
        public string? Firmware { get; set; }

        public ScaleCheckRecord ToRecord() => new(Id, StationId, DateTimeOffset.FromUnixTimeMilliseconds(CheckedMs), CheckedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(ZeroMs), ZeroBy, NominalG, Certificate, ZeroG, LoadedG, ReadingG, ErrorG, ToleranceG, Passed != 0, Firmware);
    }
}
