using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Alarms;

/// <summary>
/// Migration 7: what people did about alarms (acknowledge, shelve, unshelve), who, when and why, one append-only row
/// per action: an alarm's status is read from its rows, never overwritten, so the history of a shelved alarm survives.
/// </summary>
public static class AlarmResponseSchema
{
    public static string Sql(SqlDialect d) => d.Expand("""
        CREATE TABLE alarm_responses (
            id {pk},
            alarm_id BIGINT NOT NULL REFERENCES alarms(id),
            action TEXT NOT NULL,
            user_name TEXT NOT NULL,
            reason TEXT NOT NULL,
            at_ms BIGINT NOT NULL,
            shelved_until_ms BIGINT NULL);
        CREATE INDEX alarm_responses_alarm ON alarm_responses(alarm_id, at_ms);
        """) + d.AppendOnlyTriggers("alarm_responses");
}
