using System.Collections.Concurrent;
using System.Text;
using DispenseStation.Protocol;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// Holds the embedded broker's PUBACK for a station's event until the gateway has handled it (stored it, or spooled it
/// when the database refuses), so a gateway killed in between never leaves a station believing an event was kept: the
/// station still holds it in its outbox and sends it again after the restart. MQTTnet sends a PUBACK once its publish
/// interceptor returns, and dispatches only after it returns, so the interceptor dispatches a copy itself (tagged with
/// an id), and the gateway's client marks the id handled after its handlers ran. An external broker needs none of this:
/// the gateway's client acknowledges each message only after its handlers have run.
/// </summary>
public sealed class StoredBeforeAck(ILogger<StoredBeforeAck> log)
{
    /// <summary>MQTT 5 user property carrying the id of a message whose PUBACK waits for the gateway.</summary>
    public const string PropertyName = "ds-ack-id";

    /// <summary>
    /// How long a PUBACK waits. After it the PUBACK goes anyway (the copy sits in the gateway's session queue), with a
    /// warning: refusing would make the station send a second copy of an event the gateway will still handle.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private volatile bool _receiverReady;

    /// <summary>
    /// Set by the gateway's client while it is connected and subscribed. While it is not, nothing waits (the broker keeps
    /// the message for the client's session, as without this class).
    /// </summary>
    public bool ReceiverReady
    {
        get => _receiverReady;
        set => _receiverReady = value;
    }

    /// <summary>Events from stations, at QoS 1 or 2: the messages a batch record is built from.</summary>
    public bool Applies(MqttIdentity? identity, MqttApplicationMessage message) =>
        _receiverReady && identity is { IsGateway: false } && message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce
        && TopicParser.TryParse(message.Topic, out var topic, out _) && topic.Kind == TopicKind.Event;

    /// <summary>Dispatches a tagged copy of <paramref name="e"/>'s message and returns once the gateway has handled it.</summary>
    public async Task DispatchAndWaitAsync(MqttServer server, InterceptingPublishEventArgs e)
    {
        var id = Guid.NewGuid().ToString("N");
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = handled;
        try
        {
            var m = e.ApplicationMessage;
            var copy = new MqttApplicationMessageBuilder().WithTopic(m.Topic).WithPayload(m.Payload)
                .WithQualityOfServiceLevel(m.QualityOfServiceLevel).WithRetainFlag(m.Retain)
                .WithUserProperty(PropertyName, Encoding.UTF8.GetBytes(id).AsMemory()).Build();
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(copy), e.CancellationToken);
            e.ProcessPublish = false; // the copy went to every subscriber; the original must not go twice
            try { await handled.Task.WaitAsync(Timeout, e.CancellationToken); }
            catch (TimeoutException)
            {
                log.LogWarning("Event from {Client} on {Topic} not handled within {Timeout}; acknowledged anyway", e.ClientId, m.Topic, Timeout);
            }
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>Called by the gateway's client after its handlers ran for a message; completes the wait its tag names.</summary>
    public void Handled(MqttApplicationMessage message)
    {
        if (message.UserProperties is not { Count: > 0 } properties) return;
        foreach (var p in properties)
            if (p.Name == PropertyName && _waiting.TryGetValue(Encoding.UTF8.GetString(p.ValueBuffer.Span), out var waiting)) waiting.TrySetResult();
    }

    /// <summary>PUBACKs waiting now (tests and diagnostics).</summary>
    public int Waiting => _waiting.Count;
}
