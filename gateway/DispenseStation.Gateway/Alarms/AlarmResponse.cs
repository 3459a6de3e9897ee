namespace DispenseStation.Gateway.Alarms;

/// <summary>The actions people take on an alarm.</summary>
public static class AlarmActions
{
    public const string Acknowledge = "acknowledge";
    public const string Shelve = "shelve";
    public const string Unshelve = "unshelve";
}

/// <summary>One stored action on an alarm; <see cref="ShelvedUntil"/> only for shelve.</summary>
public sealed record AlarmResponse(long AlarmId, string Action, string User, string Reason, DateTimeOffset At, DateTimeOffset? ShelvedUntil);
