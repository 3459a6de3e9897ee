using System.Text.Json;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Api;

/// <summary>The one error shape of the API: { title, status, errors: [ { field, rule, line } ] }.</summary>
public sealed record ApiErrorBody(string Title, int Status, IReadOnlyList<ApiError> Errors);

/// <summary>Turns refused requests and unreadable JSON bodies into <see cref="ApiErrorBody"/> responses.</summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RequestRejectedException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, new ApiErrorBody(e.Title, e.Status, e.Errors));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Malformed JSON or a value of the wrong type: name the JSON path when the serializer gives one.
            var json = e.InnerException as JsonException;
            var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            var rule = json is not null ? "not valid JSON for this field: " + FirstLine(json.Message) : e.Message;
            await WriteAsync(context, new ApiErrorBody("invalid request body", 400, [new ApiError(field, rule)]));
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A fault of the gateway, not of the request: logged in full, answered in the same shape without internals.
            log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteAsync(context, new ApiErrorBody("internal error", 500, [new ApiError("", "the gateway failed to handle this request; see its log")]));
        }
    }

    public static Task WriteAsync(HttpContext context, ApiErrorBody body)
    {
        context.Response.StatusCode = body.Status;
        return context.Response.WriteAsJsonAsync(body);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
