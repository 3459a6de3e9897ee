using DispenseStation.Gateway.Alarms;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Tests.Alarms;

/// <summary>An alarm's status from its record and the responses to it, at a given time.</summary>
public class AlarmViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static AlarmRecord Raised(DateTimeOffset? cleared = null, string severity = "warning") =>
        new(7, "ds-01", null, "reservoir-low", severity, "low", T0, cleared);
    private static AlarmResponse Shelve(int minutes) => new(7, AlarmActions.Shelve, "ana", "refill", T0.AddMinutes(1), T0.AddMinutes(1 + minutes));

    [Fact]
    public void A_shelf_holds_until_its_time_and_ends_by_itself_exactly_then()
    {
        Assert.Equal("shelved", AlarmView.Of(Raised(), [Shelve(30)], T0.AddMinutes(31).AddMilliseconds(-1)).Status);
        Assert.Equal("unacknowledged", AlarmView.Of(Raised(), [Shelve(30)], T0.AddMinutes(31)).Status);
    }

    [Fact]
    public void A_shelf_means_nothing_once_the_alarm_cleared()
    {
        var view = AlarmView.Of(Raised(cleared: T0.AddMinutes(5)), [Shelve(30)], T0.AddMinutes(10));
        Assert.Equal("cleared-unacknowledged", view.Status);
        Assert.Null(view.Shelved);
        Assert.True(view.IsOpen);
    }

    [Fact]
    public void The_first_acknowledgement_counts_and_unshelve_ends_a_shelf()
    {
        var responses = new[]
        {
            new AlarmResponse(7, AlarmActions.Acknowledge, "bo", "", T0.AddMinutes(2), null),
            Shelve(30),
            new AlarmResponse(7, AlarmActions.Unshelve, "cy", "", T0.AddMinutes(3), null),
        };
        var view = AlarmView.Of(Raised(), responses, T0.AddMinutes(4));
        Assert.Equal("acknowledged", view.Status);
        Assert.Equal("bo", view.Acknowledged!.By);
        Assert.Equal(3, view.History.Count);
    }

    [Fact]
    public void Open_alarms_come_first_then_shelved_then_closed_critical_before_warning()
    {
        var now = T0.AddMinutes(10);
        var closed = AlarmView.Of(new AlarmRecord(1, "ds-01", null, "a", "critical", "", T0, T0.AddMinutes(1)),
            [new AlarmResponse(1, AlarmActions.Acknowledge, "ana", "", T0, null)], now);
        var shelved = AlarmView.Of(new AlarmRecord(2, "ds-01", null, "b", "warning", "", T0, null), [new AlarmResponse(2, AlarmActions.Shelve, "ana", "x", T0, now.AddHours(1))], now);
        var warning = AlarmView.Of(new AlarmRecord(3, "ds-01", null, "c", "warning", "", T0.AddMinutes(5), null), [], now);
        var critical = AlarmView.Of(new AlarmRecord(4, "ds-02", null, "d", "critical", "", T0, null), [], now);
        Assert.Equal([4L, 3L, 2L, 1L], AlarmView.Ordered([closed, shelved, warning, critical]).Select(a => a.Id));
    }
}
