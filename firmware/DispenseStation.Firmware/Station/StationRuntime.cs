using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Station.Recipe;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// The station: PackML state machine, safety supervisor, recipe executor, persistence and the
    /// MQTT contract, driven by one <see cref="Tick"/> from the host's main loop (every 20 ms on the
    /// ESP32; as fast as the simulation steps in the virtual station). The control logic runs on that
    /// one thread. What may take long runs on the <see cref="Worker"/> instead (parsing received
    /// commands, flash writes): the tick takes parsed commands from preallocated slots and posts
    /// records to a double buffer, and never waits for either. Construction allocates; a tick in
    /// steady state does not.
    /// </summary>
    public sealed partial class StationRuntime : IBatchEvents
    {
        private readonly StationConfig _config;
        private readonly IClock _clock;
        private readonly IMessageLink _link;
        private readonly IHotplateProcess _hot;
        private readonly IDosingProcess _dosing;
        private readonly PackMlMachine _machine;
        private readonly SafetySupervisor _supervisor;
        private readonly SoftwareWatchdog _watchdog;
        private readonly BatchExecutor _executor;
        private readonly Outbox _outbox;
        private readonly CommandLedger _ledger;
        private readonly JsonWriter _writer;

        private readonly IWallClock _wallClock;

        private bool _suspendedByLink;
        private bool _batchActive;
        private long _nowMs;
        private long _utcMs = -1; // Unix ms from the wall clock at this tick; -1 = not known

        public StationRuntime(StationPorts ports, StationConfig config)
        {
            if (ports == null) throw new System.ArgumentNullException("ports");
            if (config == null) throw new System.ArgumentNullException("config");
            string problem = ports.Validate();
            if (problem == null) problem = config.Validate();
            if (problem == null && ports.Dosing.ChannelCount < config.ChannelCount)
            {
                problem = "config.channelCount: " + config.ChannelCount + " channels configured but the dosing process has " + ports.Dosing.ChannelCount;
            }
            if (problem != null) throw new System.ArgumentException(problem);

            _config = config;
            _clock = ports.Clock;
            _link = ports.Link;
            _wallClock = ports.WallClock;
            _hot = ports.Hotplate;
            _dosing = ports.Dosing;
            _machine = new PackMlMachine(PackMlState.Idle);
            _supervisor = new SafetySupervisor(ports.EStop, ports.HeaterInterlock, ports.PumpInterlock, config.LinkHoldMs);
            _watchdog = new SoftwareWatchdog(ports.WatchdogClock != null ? ports.WatchdogClock : ports.Clock, config.WatchdogTimeoutMs);
            _executor = new BatchExecutor(_hot, _dosing, this, config);
            _outbox = new Outbox(config.OutboxCapacity, config.MaxMessageBytes,
                config.OutboxBytes > 0 ? config.OutboxBytes : Outbox.RingBytesFor(config.OutboxCapacity, config.MaxMessageBytes));
            _ledger = new CommandLedger(config.RememberedCommands);
            _writer = new JsonWriter(config.MaxMessageBytes);

            _nowMs = _clock.UptimeMs;
            InitMessages(ports.Files);
            InitBakeJobs(ports.WaferPresent);
            Recover();
        }

        public StationConfig Config
        {
            get { return _config; }
        }

        public PackMlState State
        {
            get { return _machine.State; }
        }

        /// <summary>A batch was cut by a reboot and waits for resume (or unhold) or abort.</summary>
        public bool Interrupted { get; private set; }

        public string BatchId
        {
            get { return _bakeActive ? _bakeJob.JobId : _executor.Recipe == null ? null : _executor.Recipe.BatchId; }
        }

        public int StepIndex
        {
            get { return _executor.StepIndex; }
        }

        /// <summary>Grams dosed per step of the current batch.</summary>
        public double[] StepGrams
        {
            get { return _executor.StepGrams; }
        }

        /// <summary>Active safety alarm bits (<see cref="SafetyAlarms"/>).</summary>
        public int SafetyAlarmBits
        {
            get { return _supervisor.Alarms; }
        }

        /// <summary>For the host's monitor thread: when starved, force the heater off and reboot.</summary>
        public SoftwareWatchdog Watchdog
        {
            get { return _watchdog; }
        }

        /// <summary>Events lost to a full outbox since start (each loss is also reported as an event).</summary>
        public int EventsLost { get; private set; }

        /// <summary>One pass of the main loop.</summary>
        public void Tick()
        {
            _nowMs = _clock.UptimeMs;
            _utcMs = _wallClock == null ? -1 : _wallClock.UtcMs;
            // Drain what waited for the link before this tick raises anything new.
            FlushOutbox();
            _supervisor.Update(_nowMs, _link.IsConnected);
            _hot.HeaterPermitted = _supervisor.HeaterPermitted;
            _dosing.PumpsPermitted = _supervisor.PumpsPermitted;
            ReportSafetyAlarms();
            ApplySafety();
            TakeCommands();
            PollRecords();
            RunState();
            _hot.Tick();
            _dosing.Tick();
            PollTuning();
            PollPumpRun();
            ReportProcessFaults();
            PublishTelemetryIfDue();
            PublishStateIfChanged();
            FlushOutbox();
            _watchdog.Feed();
        }

        // Safety first: e-stop aborts; a lost link suspends (pumps pause); a heater or pump that may
        // not run takes the step that needs it into Hold.
        private void ApplySafety()
        {
            PackMlState s = _machine.State;
            if (_supervisor.EStopActive && s != PackMlState.Aborting && s != PackMlState.Aborted)
            {
                _machine.Apply(PackMlCommand.Abort);
                return;
            }
            if (!_supervisor.HeaterPermitted && _hot.IsRunning)
            {
                _hot.Stop();
                if (_machine.CanApply(PackMlCommand.Hold)) _machine.Apply(PackMlCommand.Hold);
            }
            if (!_supervisor.PumpsPermitted && _dosing.IsDosing)
            {
                _dosing.Stop();
            }
            s = _machine.State;
            if (s == PackMlState.Execute && _supervisor.LinkDown)
            {
                _machine.Apply(PackMlCommand.Suspend);
                _suspendedByLink = true;
            }
            else if (s == PackMlState.Execute && _supervisor.Alarms != 0 && NeedsBlockedOutput())
            {
                _machine.Apply(PackMlCommand.Hold);
            }
            else if (s == PackMlState.Execute && _dosing.PumpRunOn)
            {
                // A pump running uncommanded (relay welded, driver shorted) keeps filling the bottle: the batch stops here.
                _machine.Apply(PackMlCommand.Hold);
            }
            else if (s == PackMlState.Suspended && _suspendedByLink && !_supervisor.LinkDown)
            {
                _machine.Apply(PackMlCommand.Unsuspend);
                _suspendedByLink = false;
            }
        }

        /// <summary>Whether the current step needs an output the supervisor blocks now.</summary>
        private bool NeedsBlockedOutput()
        {
            return BlockingReason() != null;
        }

        /// <summary>Why the current step cannot run now, or null.</summary>
        private string BlockingReason()
        {
            if (_supervisor.EStopActive) return "e-stop is active";
            if (_executor.Recipe == null || _executor.StepIndex >= _executor.StepCount) return null;
            int kind = StepKind.Of(_executor.Recipe.Steps[_executor.StepIndex].Kind);
            if ((kind == StepKind.Dose || kind == StepKind.Tare) && (_supervisor.Alarms & SafetyAlarms.PumpInterlock) != 0)
            {
                return "pump interlock is active";
            }
            if (kind == StepKind.Bake && (_supervisor.Alarms & (SafetyAlarms.HeaterInterlock | SafetyAlarms.LinkHoldExpired)) != 0)
            {
                return "heater interlock is active";
            }
            return null;
        }

        // The work of each state; acting states finish here (PackML "state complete").
        private void RunState()
        {
            if (_bakeActive)
            {
                RunBakeJobState();
                return;
            }
            switch (_machine.State)
            {
                case PackMlState.Starting:
                    // The batch begins once its recipe and first progress record are on flash.
                    if (_awaitName == CommandNames.Start) break;
                    RaiseBatchEvent(EventKinds.BatchStarted, _executor.Recipe.RecipeName);
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Execute:
                    ExecutorStatus status = _executor.Tick(_nowMs);
                    if (status == ExecutorStatus.Failed) _machine.Apply(PackMlCommand.Hold);
                    else if (status == ExecutorStatus.Finished) _machine.CompleteActingState();
                    break;
                case PackMlState.Completing:
                    _hot.Stop();
                    _dosing.Stop();
                    RaiseBatchEvent(EventKinds.BatchCompleted, null);
                    EndBatch();
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Holding:
                    _suspendedByLink = false;
                    _executor.Pause();
                    SaveProgress();
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Suspending:
                    _executor.Pause();
                    SaveProgress();
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Unholding:
                    ClearStepAlarm();
                    if (Interrupted)
                    {
                        Interrupted = false;
                        RaiseBatchEvent(EventKinds.BatchResumed, null);
                    }
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Unsuspending:
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Aborting:
                case PackMlState.Stopping:
                    StopAutotune();
                    StopPumpRun(_supervisor.EStopActive ? "e-stop" : _machine.State == PackMlState.Aborting ? "aborted" : "stopped");
                    _executor.Halt();
                    if (_awaitName == CommandNames.Start)
                    {
                        CancelAwaitedStart(_machine.State == PackMlState.Aborting ? "aborted" : "stopped");
                    }
                    else if (_batchActive)
                    {
                        RaiseBatchEvent(EventKinds.BatchAborted, _machine.State == PackMlState.Aborting ? "aborted" : "stopped");
                        EndBatch();
                    }
                    Interrupted = false;
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Clearing:
                    _machine.CompleteActingState();
                    break;
                case PackMlState.Resetting:
                    _executor.Unload();
                    _machine.CompleteActingState();
                    break;
            }
        }

        private void EndBatch()
        {
            ClearStepAlarm();
            _batchActive = false;
            SaveProgress(); // no batch active: the cleared record
        }
    }
}
