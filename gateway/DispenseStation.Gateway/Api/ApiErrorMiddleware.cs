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
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            await WriteAsync(context, new ApiErrorBody("request body too large", 413,
                [new ApiError("body", $"at most {limit} bytes (Gateway:Limits:MaxRequestBodyBytes)")]));
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

    /// <summary>Errors beyond this many are summarised in one last entry: a caller cannot make the gateway write megabytes of them.</summary>
    public const int MaxErrorsShown = 50;

    public static Task WriteAsync(HttpContext context, ApiErrorBody body)
    {
        if (body.Errors.Count > MaxErrorsShown)
            body = body with { Errors = [.. body.Errors.Take(MaxErrorsShown), new ApiError("errors", $"{body.Errors.Count - MaxErrorsShown} more not shown (first {MaxErrorsShown} of {body.Errors.Count})")] };
        context.Response.StatusCode = body.Status;
        return context.Response.WriteAsJsonAsync(body);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
