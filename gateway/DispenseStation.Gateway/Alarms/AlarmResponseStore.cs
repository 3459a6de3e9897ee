using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Alarms;

/// <summary>Alarm responses in the gateway's database (SQLite or PostgreSQL), via Dapper; rows are only ever added.</summary>
public sealed class AlarmResponseStore(StorageSetup storage)
{
    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    public async Task AddAsync(AlarmResponse r, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alarm_responses (alarm_id, action, user_name, reason, at_ms, shelved_until_ms)
            VALUES (@alarmId, @action, @user, @reason, @at, @until)
            """, new { alarmId = r.AlarmId, action = r.Action, user = r.User, reason = r.Reason, at = r.At.ToUnixTimeMilliseconds(),
                until = r.ShelvedUntil?.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>The responses to the given alarms, oldest first.</summary>
    public async Task<ILookup<long, AlarmResponse>> ForAlarmsAsync(IReadOnlyCollection<long> alarmIds, CancellationToken ct)
    {
        if (alarmIds.Count == 0) return Array.Empty<AlarmResponse>().ToLookup(r => r.AlarmId);
        await using var c = await OpenAsync(ct);
        // Ids go in as literals: they are longs from our own rows, and SQLite has no array parameters.
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT alarm_id, action, user_name, reason, at_ms, shelved_until_ms FROM alarm_responses WHERE alarm_id IN ({string.Join(",", alarmIds)}) ORDER BY at_ms, id",
            cancellationToken: ct));
        return rows.Select(r => new AlarmResponse(r.AlarmId, r.Action, r.UserName, r.Reason, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs),
            r.ShelvedUntilMs is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null)).ToLookup(r => r.AlarmId);
    }

    private sealed class Row
    {
        public long AlarmId { get; set; }
        public string Action { get; set; } = "";
        public string UserName { get; set; } = "";
        public string Reason { get; set; } = "";
        public long AtMs { get; set; }
        public long? ShelvedUntilMs { get; set; }
    }
}
