using System.Collections.Concurrent;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// A scripted station speaking the v1 protocol over MQTT with station credentials: retained state with last will,
/// commands answered on cmd-result by id, and a batch played step by step with telemetry and events (each step
/// takes <see cref="StepDelay"/>; doses land exactly on target plus <see cref="DoseErrorGrams"/>). It stands in
/// for the virtual station in gateway tests; it is a protocol peer, not a plant model.
/// </summary>
public sealed class FakeStation : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _id;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private long _seq;
    private long _unsent;
    private long _uptime;
    private string _state = PackMlStates.Idle;
    private ControlRecipe? _recipe;
    private int _step = -1;
    private double _grams;
    private double _plateC = 22;
    private Task _runner = Task.CompletedTask;
    private volatile bool _held;
    private volatile bool _aborted;
    private bool _crashed;

    private FakeStation(string id) => _id = id;

    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(20);
    public double DoseErrorGrams { get; set; } = 0.001;
    /// <summary>When set, start is rejected with this reason.</summary>
    public string? RejectStartReason { get; set; }
    /// <summary>Hold the batch before this step index (so tests can send commands mid-batch).</summary>
    public int? PauseBeforeStep { get; set; }
    public IReadOnlyCollection<string> CommandsSeen => _commands;
    /// <summary>The last prime or calibrate-pump the station received, as parsed (set before it is answered).</summary>
    public CommandMessage? LastPumpCommand { get; private set; }
    /// <summary>Grams per second the fake pump delivers at full speed (a run reports seconds x speed x this).</summary>
    public double PumpFullSpeedGramsPerS { get; set; } = 2;
    /// <summary>When set, prime and calibrate-pump are refused with this reason.</summary>
    public string? RejectPumpReason { get; set; }
    /// <summary>How long a pump run takes before its pump-run event (real time).</summary>
    public TimeSpan PumpRunDelay { get; set; } = TimeSpan.FromMilliseconds(50);
    /// <summary>When set, the state that says Complete waits for this after the batch-completed event (two topics: a real
    /// link may deliver them with a gap between).</summary>
    public TaskCompletionSource? CompleteStateWithheld { get; set; }
    private volatile bool _pumpStopped, _pumpRunning;
    /// <summary>Calibration facts sent in the retained state (issue 17); null = none, as firmware before it.</summary>
    public Action<StateMessage>? Calibration { get; set; }
    public string PackMlState => _state;

    /// <summary>Where the scripted station is (for a timed-out test to quote): link, state, step, last seq, its runner.</summary>
    public string Describe()
    {
        var runner = _runner.IsFaulted ? "faulted: " + _runner.Exception!.GetBaseException().Message : _runner.IsCompleted ? "done" : "running";
        return $"{_id}: connected {_client.IsConnected}, state {_state}, step {_step}, last seq {Interlocked.Read(ref _seq)}, "
            + $"{Interlocked.Read(ref _unsent)} messages not sent (link down), runner {runner}";
    }

    public static async Task<FakeStation> ConnectAsync(int port, string id, string password)
    {
        var s = new FakeStation(id);
        s._client.ApplicationMessageReceivedAsync += s.OnCommandAsync;
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCredentials(id, password)
            .WithClientId(id)
            .WithWillTopic(Topics.State(id)).WithWillPayload(StateMessage.OfflineWill(id)).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await s._client.ConnectAsync(options);
        await s._client.SubscribeAsync(Topics.CommandFilter(id), MqttQualityOfServiceLevel.AtLeastOnce);
        await s.PublishStateAsync();
        return s;
    }

    /// <summary>Drops the connection without a DISCONNECT, so the broker publishes the last will.</summary>
    public async Task CrashAsync()
    {
        _stop.Cancel();
        try { await _runner; } catch (Exception) { /* stopping mid-run is the point */ }
        // Disposing drops the TCP link without DISCONNECT, as on power loss: the broker publishes the will.
        _crashed = true;
        _client.Dispose();
    }

    private async Task OnCommandAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (!TopicParser.TryParse(e.ApplicationMessage.Topic, out var topic, out _) || topic.Kind != TopicKind.Command) return;
        var payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
        _commands.Enqueue(topic.CommandName);
        if (!CommandMessage.TryParse(topic.CommandName, payload, 0, payload.Length, out var cmd, out var error))
        {
            await AnswerAsync(CommandMessage.TryReadId(payload, 0, payload.Length) ?? "", error);
            return;
        }
        if (DispenseStation.Protocol.Pumps.PumpCommands.IsPumpCommand(cmd.Name)) LastPumpCommand = cmd;
        var reason = Apply(cmd);
        await AnswerAsync(cmd.Id, reason);
        if (reason is null) await PublishStateAsync();
        if (reason is null && cmd.Name == CommandNames.Start) _runner = Task.Run(RunBatchAsync);
        if (reason is null && DispenseStation.Protocol.Pumps.PumpCommands.IsPumpCommand(cmd.Name))
        {
            // Set here, not in the run: a stop handled before the run's task starts (a loaded machine) must not be undone.
            _pumpStopped = false;
            _pumpRunning = true;
            _runner = Task.Run(() => RunPumpAsync(cmd));
        }
    }

    private string? Apply(CommandMessage cmd)
    {
        switch (cmd.Name)
        {
            case CommandNames.Start:
                if (_state != PackMlStates.Idle) return $"start is not allowed in {_state}";
                if (RejectStartReason is { } why) return why;
                _recipe = cmd.Recipe;
                _state = PackMlStates.Execute;
                _held = false;
                _aborted = false;
                return null;
            case CommandNames.Hold:
                if (_state != PackMlStates.Execute) return $"hold is not allowed in {_state}";
                _held = true;
                _state = PackMlStates.Held;
                return null;
            case CommandNames.Unhold:
                if (_state != PackMlStates.Held) return $"unhold is not allowed in {_state}";
                _held = false;
                PauseBeforeStep = null;
                _state = PackMlStates.Execute;
                return null;
            case CommandNames.Abort:
                if (_state is PackMlStates.Aborted) return "abort is not allowed in Aborted";
                _aborted = true;
                _state = PackMlStates.Aborted;
                return null;
            case CommandNames.Clear:
                if (_state != PackMlStates.Aborted) return $"clear is not allowed in {_state}";
                _state = PackMlStates.Stopped;
                return null;
            case CommandNames.Reset:
                if (_state is not (PackMlStates.Complete or PackMlStates.Stopped)) return $"reset is not allowed in {_state}";
                _state = PackMlStates.Idle;
                _recipe = null;
                _step = -1;
                return null;
            case CommandNames.Prime:
            case CommandNames.CalibratePump:
                if (_state != PackMlStates.Idle) return $"{cmd.Name} is only accepted in Idle (now {_state})";
                if (RejectPumpReason is { } no) return no;
                return null;
            case CommandNames.Stop when _pumpRunning:
                _state = PackMlStates.Stopped;
                _pumpStopped = true;
                return null;
            default:
                return $"'{cmd.Name}' is not supported by this station";
        }
    }

    private async Task RunBatchAsync()
    {
        var recipe = _recipe!;
        await EventAsync(EventKinds.BatchStarted, e => { });
        _grams = 0;
        for (var i = 0; i < recipe.Steps.Length; i++)
        {
            if (PauseBeforeStep == i && !_held)
            {
                _held = true;
                _state = PackMlStates.Held;
                await PublishStateAsync();
            }
            while (_held && !_aborted && !_stop.IsCancellationRequested) await Task.Delay(5);
            if (_aborted)
            {
                await EventAsync(EventKinds.BatchAborted, e => e.Message = "aborted by command");
                await PublishStateAsync();
                return;
            }
            if (_stop.IsCancellationRequested) return;
            _step = i;
            var step = recipe.Steps[i];
            await EventAsync(EventKinds.StepStarted, e => { e.StepIndex = i; e.Message = step.Name; });
            await PublishStateAsync();
            if (step.Kind == StepKinds.Dose)
            {
                var actual = step.TargetGrams + DoseErrorGrams;
                for (var k = 1; k <= 4; k++)
                {
                    await TelemetryAsync(_grams + actual * k / 4, double.NaN);
                    await Task.Delay(StepDelay / 4);
                }
                _grams += actual;
                await EventAsync(EventKinds.DoseResult, e =>
                {
                    e.StepIndex = i; e.Channel = step.Channel; e.TargetGrams = step.TargetGrams; e.ActualGrams = actual;
                    e.ErrorGrams = actual - step.TargetGrams; e.DurationMs = (long)StepDelay.TotalMilliseconds; e.Success = true;
                });
            }
            else if (step.Kind == StepKinds.Bake)
            {
                var seg = step.Bake[0];
                for (var k = 1; k <= 10; k++)
                {
                    _plateC += (seg.SetpointC - _plateC) * 0.5;
                    await TelemetryAsync(_grams, seg.SetpointC);
                    await Task.Delay(StepDelay / 10);
                }
                await EventAsync(EventKinds.BakeSegment, e => { e.StepIndex = i; e.SetpointC = seg.SetpointC; e.SecondsOutsideBand = 0; e.Message = "segment 0"; });
            }
            else
            {
                await TelemetryAsync(_grams, double.NaN);
                await Task.Delay(StepDelay);
            }
            await EventAsync(EventKinds.StepCompleted, e => { e.StepIndex = i; e.Message = step.Name; });
        }
        _state = PackMlStates.Complete;
        _step = -1;
        await EventAsync(EventKinds.BatchCompleted, e => { });
        if (CompleteStateWithheld is { } withheld) await withheld.Task.WaitAsync(_stop.Token);
        await PublishStateAsync();
    }

    private async Task RunPumpAsync(CommandMessage cmd)
    {
        var until = DateTime.UtcNow + PumpRunDelay;
        while (DateTime.UtcNow < until && !_pumpStopped) await Task.Delay(5);
        double seconds = double.IsNaN(cmd.Seconds) ? 5 : cmd.Seconds;
        // A calibration: each speed in turn, flow linear in speed but meeting zero at speed 0.02 (a pump's slip).
        double[] speeds = cmd.Name == CommandNames.CalibratePump ? cmd.Speeds ?? DispenseStation.Protocol.Pumps.PumpCommands.DefaultCalibrationSpeeds() : [cmd.Speed];
        double Flow(double speed) => cmd.Name == CommandNames.CalibratePump ? (speed - 0.02) / 0.98 * PumpFullSpeedGramsPerS : speed * PumpFullSpeedGramsPerS;
        int done = _pumpStopped ? speeds.Length / 2 : speeds.Length;
        var e = new DispenseStation.Protocol.Pumps.PumpRunEvent
        {
            Seq = ++_seq, UptimeMs = _uptime += 10, CommandId = cmd.Id, Procedure = cmd.Name, Channel = cmd.Channel,
            Speed = cmd.Name == CommandNames.CalibratePump ? double.NaN : cmd.Speed,
            RunStatus = _pumpStopped ? DispenseStation.Protocol.Pumps.PumpRunStatuses.Stopped : DispenseStation.Protocol.Pumps.PumpRunStatuses.Completed,
            Message = _pumpStopped ? "stopped: stopped" : "the time ran out",
        };
        double totalSeconds = 0, totalGrams = 0;
        for (int i = 0; i < speeds.Length; i++)
        {
            double s = i < done ? seconds : seconds / 2, g = s * Flow(speeds[i]);
            totalSeconds += s; totalGrams += g;
            if (i < done && cmd.Name == CommandNames.CalibratePump) e.AddPoint(speeds[i], s, g, g / s);
            if (i >= done) break;
        }
        e.Seconds = totalSeconds;
        e.Grams = totalGrams;
        _pumpRunning = false;
        await PublishAsync(Topics.Event(_id), w => e.WriteTo(w));
    }

    /// <summary>Raises (or clears) an alarm the way the firmware reports one, tagged with the running batch.</summary>
    public Task AlarmAsync(string code, string severity, bool raised = true) =>
        EventAsync(raised ? EventKinds.AlarmRaised : EventKinds.AlarmCleared, e => { e.AlarmCode = code; e.Severity = severity; e.Message = "scripted"; });

    /// <summary>One telemetry sample of the idle station: the scale reads <paramref name="grams"/>, stable or not.</summary>
    public Task ScaleReadingAsync(double grams, bool stable)
    {
        var m = new TelemetryMessage(1, 2) { Seq = ++_seq, UptimeMs = _uptime += 50, SampleCount = 1 };
        var s = m.Samples[0];
        s.UptimeMs = _uptime;
        s.ScaleGrams = grams;
        s.ScaleStable = stable;
        s.PlateC = _plateC;
        s.SetpointC = double.NaN;
        s.HeaterDuty = 0;
        return PublishAsync(Topics.Telemetry(_id), w => m.WriteTo(w));
    }

    private Task TelemetryAsync(double grams, double setpoint)
    {
        var m = new TelemetryMessage(1, 2) { Seq = ++_seq, UptimeMs = _uptime += 50, SampleCount = 1 };
        var s = m.Samples[0];
        s.UptimeMs = _uptime;
        s.ScaleGrams = grams;
        s.ScaleStable = true;
        s.PlateC = _plateC;
        s.SetpointC = setpoint;
        s.HeaterDuty = double.IsNaN(setpoint) ? 0 : 0.4;
        return PublishAsync(Topics.Telemetry(_id), w => m.WriteTo(w));
    }

    private Task EventAsync(string kind, Action<EventMessage> fill)
    {
        var e = new EventMessage { Kind = kind, BatchId = _recipe?.BatchId, Seq = ++_seq, UptimeMs = _uptime += 10 };
        fill(e);
        return PublishAsync(Topics.Event(_id), w => e.WriteTo(w));
    }

    private Task AnswerAsync(string id, string? reason)
    {
        var r = new CommandResultMessage { Id = id, Accepted = reason is null, Reason = reason, PackMlState = _state, Seq = ++_seq, UptimeMs = _uptime += 1 };
        return PublishAsync(Topics.CommandResult(_id), w => r.WriteTo(w));
    }

    public Task PublishStateAsync()
    {
        var s = new StateMessage
        {
            Seq = ++_seq, UptimeMs = _uptime += 1, Online = true, StationId = _id, Firmware = "fake-1.0", PackMlState = _state,
            BatchId = _state is PackMlStates.Idle ? null : _recipe?.BatchId,
            StepIndex = _step, StepCount = _recipe?.Steps.Length ?? -1,
            StepName = _step >= 0 ? _recipe?.Steps[_step].Name : null, ActiveAlarms = [],
        };
        if (Calibration is { } fill)
        {
            s.CalibrationReported = true;
            fill(s);
        }
        return PublishAsync(Topics.State(_id), w => s.WriteTo(w), retain: true);
    }

    private async Task PublishAsync(string topic, Func<JsonWriter, int> write, bool retain = false)
    {
        var w = new JsonWriter(16 * 1024);
        if (write(w) < 0) throw new InvalidOperationException("message does not fit");
        await _publishGate.WaitAsync();
        try
        {
            if (_crashed || !_client.IsConnected)
            {
                Interlocked.Increment(ref _unsent);
                return;
            }
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(w.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
        }
        finally
        {
            _publishGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _runner; } catch (Exception) { /* a crashed run is the test's business */ }
        if (_crashed) return;
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
