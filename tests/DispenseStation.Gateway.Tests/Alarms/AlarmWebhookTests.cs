using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using DispenseStation.Gateway.Alarms;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Alarms;

/// <summary>The optional alarm webhook: alarms at or above its severity are POSTed as JSON; a dead one loses no alarm.</summary>
public sealed class AlarmWebhookTests
{
    /// <summary>A plain HTTP listener standing in for the receiving system; answers each POST with <paramref name="status"/>.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        public ConcurrentQueue<JsonElement> Received { get; } = new();
        public string Url { get; }

        public Receiver(HttpStatusCode status = HttpStatusCode.OK)
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); } catch { return; }
                    using (var reader = new StreamReader(context.Request.InputStream))
                        Received.Enqueue(JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
                    context.Response.StatusCode = (int)status;
                    context.Response.Close();
                }
            });
        }

        public void Dispose() => _listener.Close();
    }

    [Fact]
    public async Task Critical_alarms_are_posted_raised_and_cleared_and_warnings_are_not()
    {
        using var receiver = new Receiver();
        await using var h = await AppHarness.StartAsync(new() { ["Gateway:Alarms:WebhookUrl"] = receiver.Url });
        var station = await h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("link-lost", "warning");
        await station.AlarmAsync("overtemp", "critical");
        await station.AlarmAsync("overtemp", "critical", raised: false);
        await AppHarness.WaitForAsync(() => Task.FromResult(receiver.Received.Count >= 2), "two webhook posts");
        await Task.Delay(300); // nothing else may follow
        var posts = receiver.Received.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal("overtemp", p.GetProperty("code").GetString()));
        Assert.Equal(["alarm-raised", "alarm-cleared"], posts.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal("ds-01", posts[0].GetProperty("station").GetString());
        Assert.Equal(posts[0].GetProperty("id").GetInt64(), posts[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_webhook_that_fails_is_retried_then_given_up_and_the_alarm_is_still_stored()
    {
        using var receiver = new Receiver(HttpStatusCode.InternalServerError);
        await using var h = await AppHarness.StartAsync(new()
        {
            ["Gateway:Alarms:WebhookUrl"] = receiver.Url, ["Gateway:Alarms:WebhookAttempts"] = "2", ["Gateway:Alarms:WebhookMinimumSeverity"] = "warning",
        });
        var webhook = h.Gateway.App.Services.GetRequiredService<AlarmWebhook>();
        var station = await h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("no-flow", "warning");
        await AppHarness.WaitForAsync(() => Task.FromResult(webhook.GivenUp == 1), "webhook given up");
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(0, webhook.Delivered);
        Assert.Contains((await h.GetJsonAsync("/api/alarms")).EnumerateArray(), a => a.GetProperty("code").GetString() == "no-flow");
    }

    [Fact]
    public async Task Bad_webhook_settings_stop_start_up_naming_each_setting()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var h = await AppHarness.StartAsync(new()
            {
                ["Gateway:Alarms:WebhookUrl"] = "ftp://pager.example/hook", ["Gateway:Alarms:WebhookMinimumSeverity"] = "urgent",
                ["Gateway:Alarms:WebhookTimeoutSeconds"] = "0",
            });
        });
        Assert.Contains(e.Failures, f => f == "Gateway:Alarms:WebhookUrl: 'ftp://pager.example/hook' is not an absolute http or https URL");
        Assert.Contains(e.Failures, f => f.StartsWith("Gateway:Alarms:WebhookMinimumSeverity: 'urgent'"));
        Assert.Contains(e.Failures, f => f.StartsWith("Gateway:Alarms:WebhookTimeoutSeconds:"));
    }
}
