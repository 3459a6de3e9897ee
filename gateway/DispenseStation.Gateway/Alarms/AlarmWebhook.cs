using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.Live;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Alarms;

/// <summary>
/// Tells an outside system (a pager gateway, a chat bridge, a plant's alarm server) of alarms: it follows the live
/// feed's 'alarm' updates and POSTs each one at or above the configured severity as JSON. A slow or dead webhook never
/// holds up the station traffic that raised the alarm: sending runs here, on its own, with a timeout and a few attempts,
/// and what could not be delivered is logged.
/// </summary>
public sealed class AlarmWebhook(LiveFeed feed, IHttpClientFactory clients, IOptions<AlarmWebhookOptions> options, ILogger<AlarmWebhook> log)
    : BackgroundService
{
    public const string ClientName = "alarm-webhook";
    private readonly AlarmWebhookOptions _o = options.Value;

    /// <summary>Alarms delivered and given up since start (for tests and the log).</summary>
    public int Delivered { get; private set; }
    public int GivenUp { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(_o.WebhookUrl)) return;
        var minimum = AlarmWebhookOptions.SeverityRank(_o.WebhookMinimumSeverity);
        await foreach (var update in feed.Subscribe(stoppingToken))
        {
            if (update.Type != LiveFeed.AlarmUpdate) continue;
            using var doc = JsonDocument.Parse(update.Json);
            var severity = doc.RootElement.TryGetProperty("severity", out var s) ? s.GetString() : null;
            if (AlarmWebhookOptions.SeverityRank(severity) < minimum) continue;
            await SendAsync(update.Json, stoppingToken);
        }
    }

    private async Task SendAsync(string json, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        for (int attempt = 1; attempt <= _o.WebhookAttempts; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(_o.WebhookTimeoutSeconds));
                using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                using var response = await client.PostAsync(_o.WebhookUrl, content, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    Delivered++;
                    return;
                }
                log.LogWarning("Alarm webhook answered {Status} (attempt {Attempt} of {Attempts})", (int)response.StatusCode, attempt, _o.WebhookAttempts);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning("Alarm webhook failed: {Error} (attempt {Attempt} of {Attempts})", e.Message, attempt, _o.WebhookAttempts);
            }
            if (attempt < _o.WebhookAttempts) await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
        }
        GivenUp++;
        log.LogError("Alarm webhook gave up after {Attempts} attempts: {Alarm}", _o.WebhookAttempts, json);
    }
}
