using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>
/// <see cref="IGatewayRepository"/> in front of the SQL one. The writes a running batch makes from
/// station events (<see cref="Spooled"/>: doses, state changes, bake trace, alarm clears) go to the
/// <see cref="DurableSpool"/> when the database refuses them with a storage fault, and while
/// anything is spooled (so the replay keeps their order); <see cref="SpoolReplayService"/> stores
/// them once the database writes again. Every other call passes through. A proxy rather than a
/// hand-written decorator, so methods added to the interface pass through without a change here.
/// </summary>
public class SpoolingRepository : DispatchProxy
{
    public static readonly IReadOnlySet<string> Spooled = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(IGatewayRepository.AddDoseAsync), nameof(IGatewayRepository.UpdateBatchStateAsync),
        nameof(IGatewayRepository.AddBakeTraceAsync), nameof(IGatewayRepository.ClearAlarmAsync),
    };

    private IGatewayRepository _inner = null!;
    private DurableSpool? _spool;
    private StorageHealth _health = null!;
    private ILogger _log = null!;

    public static IGatewayRepository Create(IGatewayRepository inner, DurableSpool? spool, StorageHealth health, ILogger log)
    {
        var proxy = Create<IGatewayRepository, SpoolingRepository>();
        var self = (SpoolingRepository)(object)proxy;
        self._inner = inner;
        self._spool = spool;
        self._health = health;
        self._log = log;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!Spooled.Contains(method.Name)) return method.Invoke(_inner, args);
        if (method.ReturnType == typeof(Task)) return WriteAsync(method, args!);
        if (method.ReturnType == typeof(Task<bool>)) return WriteReturningTrueAsync(method, args!);
        throw new InvalidOperationException($"{method.Name}: spooled writes return Task or Task<bool>");
    }

    private async Task<bool> WriteReturningTrueAsync(MethodInfo method, object?[] args)
    {
        if (_spool is { Pending: > 0 })
        {
            Spool(method, args, null);
            return true;
        }
        try
        {
            var result = await (Task<bool>)method.Invoke(_inner, args)!;
            Recovered();
            return result;
        }
        catch (Exception e) when (StorageFault.IsStorageFault(e))
        {
            Spool(method, args, e);
            return true; // the change is kept and will be stored; a refusal would lose it
        }
    }

    private async Task WriteAsync(MethodInfo method, object?[] args)
    {
        if (_spool is { Pending: > 0 })
        {
            Spool(method, args, null);
            return;
        }
        try
        {
            await (Task)method.Invoke(_inner, args)!;
            Recovered();
        }
        catch (Exception e) when (StorageFault.IsStorageFault(e))
        {
            Spool(method, args, e);
        }
    }

    /// <summary>A direct write succeeded with nothing spooled: an alarm from before (read-only start) is over.</summary>
    private void Recovered()
    {
        if (_health.Condition != StorageCondition.Healthy && _spool is not { Pending: > 0 }) _health.Report(StorageCondition.Healthy, null);
    }

    private void Spool(MethodInfo method, object?[] args, Exception? fault)
    {
        var json = Serialize(method, args);
        if (_spool is null || !_spool.TryAppend(json))
        {
            _health.Report(StorageCondition.ReadOnly, _spool is null
                ? $"the database refused a write ({fault?.Message}) and there is no spool"
                : $"the spool {_spool.Path} is full ({_spool.Capacity} bytes): further batch writes are lost until the database writes again");
            _log.LogError("Lost {Method}: {Json}", method.Name, json);
            throw fault ?? new IOException("storage spool full");
        }
        _health.Report(StorageCondition.Spooling, $"the database refuses writes ({fault?.Message ?? "spool not yet replayed"}): batch writes wait in the spool");
    }

    /// <summary>{"method": name, "args": [...]} with every argument but the cancellation token.</summary>
    public static string Serialize(MethodInfo method, object?[] args)
    {
        var ps = method.GetParameters();
        var array = new JsonArray();
        for (var i = 0; i < ps.Length; i++)
            if (ps[i].ParameterType != typeof(CancellationToken)) array.Add(JsonSerializer.SerializeToNode(args[i], ps[i].ParameterType));
        return new JsonObject { ["method"] = method.Name, ["args"] = array }.ToJsonString();
    }

    /// <summary>Replays one spooled record on <paramref name="target"/>.</summary>
    public static Task Replay(IGatewayRepository target, string json)
    {
        var node = JsonNode.Parse(json)!;
        var name = node["method"]!.GetValue<string>();
        if (!Spooled.Contains(name)) throw new InvalidDataException($"spooled method '{name}' is not a spooled write");
        var method = typeof(IGatewayRepository).GetMethod(name) ?? throw new InvalidDataException($"no repository method '{name}'");
        var ps = method.GetParameters();
        var input = node["args"]!.AsArray();
        var args = new object?[ps.Length];
        var j = 0;
        for (var i = 0; i < ps.Length; i++)
            args[i] = ps[i].ParameterType == typeof(CancellationToken) ? CancellationToken.None : input[j++].Deserialize(ps[i].ParameterType);
        return (Task)method.Invoke(target, args)!;
    }
}
