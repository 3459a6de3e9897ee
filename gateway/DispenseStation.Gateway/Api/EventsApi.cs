using DispenseStation.Gateway.Live;

namespace DispenseStation.Gateway.Api;

/// <summary>GET /api/events: Server-Sent Events of station, telemetry, batch and batch-event updates.</summary>
public static class EventsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/events", async (HttpContext http, LiveFeed feed, IHostApplicationLifetime lifetime, Guards.InputLimits limits, CancellationToken aborted) =>
        {
            using var lease = limits.OpenEventStream();
            // Ends when the client goes away or the gateway stops (browsers' EventSource reconnects by itself).
            using var both = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
            var ct = both.Token;
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            // A comment first, so clients see the stream open before the first update.
            await http.Response.WriteAsync(": connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            try
            {
                await foreach (var update in feed.Subscribe(ct))
                {
                    await http.Response.WriteAsync($"event: {update.Type}\ndata: {update.Json}\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { }
        });
    }
}
