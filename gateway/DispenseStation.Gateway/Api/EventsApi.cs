using System.IO.Pipelines;
using System.Text;
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
            // Subscribed before the stream says it is open: every update after that reaches this client.
            using var subscription = feed.Open();
            // A comment first, so clients see the stream open before the first update.
            await http.Response.WriteAsync(": connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            var body = http.Response.BodyWriter;
            try
            {
                while (await subscription.Reader.WaitToReadAsync(ct))
                {
                    // Whatever is queued goes out under one flush: a flush per update was a socket write per update,
                    // thousands a second with a fleet connected.
                    while (subscription.Reader.TryRead(out var update)) Write(body, update);
                    await body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    private static void Write(PipeWriter body, LiveUpdate update)
    {
        Encoding.UTF8.GetBytes("event: ", body);
        Encoding.UTF8.GetBytes(update.Type, body);
        Encoding.UTF8.GetBytes("\ndata: ", body);
        Encoding.UTF8.GetBytes(update.Json, body);
        Encoding.UTF8.GetBytes("\n\n", body);
    }
}
