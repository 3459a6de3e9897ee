using Microsoft.Data.Sqlite;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>Which exceptions mean "the database cannot write now" (a full disk, an I/O error), as opposed to a bad request.</summary>
public static class StorageFault
{
    private const int SqliteFull = 13;   // SQLITE_FULL: "insertion failed because database is full" (disk or max page count)
    private const int SqliteIoErr = 10;  // SQLITE_IOERR: the OS refused a read or write
    private const int Enospc = 28;       // ENOSPC on Linux
    private const string PostgresDiskFull = "53100"; // disk_full (PostgreSQL error codes, class 53: insufficient resources)

    public static bool IsStorageFault(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) is SqliteFull or SqliteIoErr,
        Npgsql.PostgresException p => p.SqlState == PostgresDiskFull,
        IOException io => (io.HResult & 0xFFFF) == Enospc,
        AggregateException a => a.InnerExceptions.Any(IsStorageFault),
        _ => e.InnerException is { } inner && IsStorageFault(inner),
    };
}
