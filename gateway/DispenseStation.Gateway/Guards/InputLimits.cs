using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Guards;

/// <summary>The configured limits, the recipe check, and the count of open event streams.</summary>
public sealed class InputLimits(IOptions<LimitsOptions> options)
{
    private int _streams;

    public LimitsOptions Options { get; } = options.Value;

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 1L << 30, $"{LimitsOptions.Section}:MaxRequestBodyBytes: must be between 1024 and 1073741824")
            .Validate(o => o.MaxRecipeBytes is >= 1024 && o.MaxRecipeBytes <= o.MaxRequestBodyBytes, $"{LimitsOptions.Section}:MaxRecipeBytes: must be at least 1024 and at most MaxRequestBodyBytes")
            .Validate(o => o.MaxYamlDepth is >= 4 and <= 1000, $"{LimitsOptions.Section}:MaxYamlDepth: must be between 4 and 1000")
            .Validate(o => o.MaxYamlNodes is >= 100 and <= 10_000_000, $"{LimitsOptions.Section}:MaxYamlNodes: must be between 100 and 10000000")
            .Validate(o => o.MaxEventStreams is >= 1 and <= 100_000, $"{LimitsOptions.Section}:MaxEventStreams: must be between 1 and 100000")
            .Validate(o => o.HeavyRequestsInParallel is >= 1 and <= 1024, $"{LimitsOptions.Section}:HeavyRequestsInParallel: must be between 1 and 1024")
            .Validate(o => o.HeavyRequestsQueued is >= 0 and <= 10_000, $"{LimitsOptions.Section}:HeavyRequestsQueued: must be between 0 and 10000")
            .Validate(o => o.MaxConnections > o.MaxEventStreams && o.MaxConnections <= 1_000_000,
                $"{LimitsOptions.Section}:MaxConnections: must be more than MaxEventStreams (each stream holds a connection) and at most 1000000")
            .Validate(o => o.RefusedConnectionsLogSeconds is >= 1 and <= 86_400, $"{LimitsOptions.Section}:RefusedConnectionsLogSeconds: must be between 1 and 86400")
            .ValidateOnStart();
        services.AddSingleton<InputLimits>();
        services.AddSingleton<RefusedConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusedConnections>());
        services.AddSingleton<HeavyRequests>();
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<HeavyRequests>((o, heavy) => o.AddPolicy(HeavyRequests.Policy, heavy));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((k, l) =>
        {
            k.Limits.MaxRequestBodySize = l.Value.MaxRequestBodyBytes;
            k.Limits.MaxConcurrentConnections = l.Value.MaxConnections;
        });
    }

    /// <summary>Recipe text given inline: size, depth and alias expansion before any parsing.</summary>
    public void CheckRecipe(string? yaml)
    {
        if (yaml is not null) YamlGuard.Check(yaml, "recipeYaml", Options);
    }

    /// <summary>A lease on one event stream, or a 429 when all are taken.</summary>
    public IDisposable OpenEventStream()
    {
        if (Interlocked.Increment(ref _streams) > Options.MaxEventStreams)
        {
            Interlocked.Decrement(ref _streams);
            throw new RequestRejectedException(429, "too many event streams",
                [new ApiError("events", $"at most {Options.MaxEventStreams} open /api/events streams ({LimitsOptions.Section}:MaxEventStreams); close one or retry later")]);
        }
        return new Lease(this);
    }

    private sealed class Lease(InputLimits owner) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref owner._streams);
        }
    }
}
