using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.Http.Features;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Answers a declared Content-Length beyond the limit with a 413 naming the limit before any of the body is read.
/// Bodies without a length are cut off by Kestrel at the same limit (Gateway:Limits:MaxRequestBodyBytes).
/// </summary>
public sealed class BodySizeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            // The rest of the upload is not wanted: close the connection rather than drain 50 MB.
            context.Response.Headers.Connection = "close";
            return ApiErrorMiddleware.WriteAsync(context, new ApiErrorBody("request body too large", 413,
                [new ApiError("body", $"at most {max} bytes (Gateway:Limits:MaxRequestBodyBytes); this request declares {context.Request.ContentLength}")]));
        }
        return next(context);
    }
}
