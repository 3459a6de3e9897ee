using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Persistence: the recipe of the running batch and the progress record (step, dosed masses,
    /// learned parameters) in two durable records, written off the tick by the station worker
    /// (<see cref="RecordWriter"/>): the tick posts a snapshot and goes on. What must be on flash
    /// before it is acted on waits for it without blocking: a batch leaves Starting (and its start is
    /// answered) only once its recipe and first progress record are stored, and each step acts (pumps,
    /// tare, heater, prompt) only once the record of its start, with the net mass it starts from, is
    /// stored. At boot a batch that was running comes up Held, reported interrupted with its exact
    /// progress; the gateway or an operator resumes or aborts.
    /// </summary>
    public sealed partial class StationRuntime
    {
        private RecordWriter _records;
        private CommandInbox _inbox;
        private int _failureSeen;

        // The command whose answer waits for its record (start, set-gains), or null.
        private string _awaitId;
        private string _awaitName;
        private int _awaitSeq;
        private long _awaitSinceMs;
        private double _awaitOldKp;
        private double _awaitOldTi;
        private double _awaitOldTd;

        // The record of the current step's start (the executor waits for it).
        private int _stepRecordSeq;
        private long _stepRecordSinceMs;

        // The newest post.
        private int _lastPostSeq;
        private long _lastPostMs;

        /// <summary>Why the last save failed, or null (also raised as a "storage" alarm).</summary>
        public string StorageProblem { get; private set; }

        /// <summary>Set at boot: what recovery found (null on a clean start).</summary>
        public string RecoveryNote { get; private set; }

        /// <summary>Command parsing and flash writes, for the host to run off the tick (see <see cref="StationWorker"/>).</summary>
        public StationWorker Worker { get; private set; }

        /// <summary>Id of the command whose answer waits until its record is on flash (a start, a
        /// set-gains), or null.</summary>
        public string CommandAwaitingRecord
        {
            get { return _awaitId; }
        }

        private void InitMessages(IFileStore files)
        {
            InitPublishing();
            // The records keep exactly what the dosing and hotplate processes export (the pump flow tables make the
            // dosing part the largest, 13 values per channel; the hotplate exports 13 of the 64 a record may hold):
            // probed once here, at start-up, so the ESP32's heap holds no spare room.
            int dosingCount = _dosing.ExportParameters(new double[ProgressRecord.MaxDosingParameters]);
            int hotplateCount = _hot.ExportParameters(new double[ProgressRecord.MaxParameters]);
            _records = new RecordWriter(files, _config.MaxSteps, _config.MaxRecipeBytes, dosingCount, hotplateCount);
            _inbox = new CommandInbox(_link, _config, _config.CommandsPerTick);
            Worker = new StationWorker(_inbox, _records);
        }

        // At boot, before the worker runs: reading flash here is not on the tick.
        private void Recover()
        {
            string problem;
            bool found = _records.TryLoadProgress(out problem);
            if (problem == null && _records.DamagedProgressCopies > 0)
                NoteRecovery(found ? "progress record: the newest copy is damaged (CRC), the one before it is restored"
                    : "progress record: damaged (CRC) and no intact copy: calibration, flow tables and learned values start from the settings");
            if (!found) return;
            if (problem != null)
            {
                NoteRecovery(problem);
                return;
            }
            ProgressRecord progress = _records.Pending;
            problem = _dosing.ImportParameters(progress.DosingParameters, progress.DosingParameterCount);
            if (problem != null) NoteRecovery(problem);
            _hot.ImportParameters(progress.HotplateParameters, progress.HotplateParameterCount);
            if (!progress.BatchActive) return;

            ControlRecipe recipe = _records.LoadRecipe();
            if (recipe == null || recipe.BatchId != progress.BatchId || recipe.Steps.Length != progress.StepCount
                || Recipe.RecipeValidator.Check(recipe, _config) != null)
            {
                // The batch cannot be resumed without its plan: report it and leave it to an abort.
                RecoveryNote = "batch " + progress.BatchId + " was interrupted but its recipe record is unreadable";
                _machine.Restore(PackMlState.Aborted);
                BeginEvent(EventKinds.BatchInterrupted);
                _event.BatchId = progress.BatchId;
                _event.StepIndex = progress.StepIndex;
                _event.Message = RecoveryNote;
                SendEvent();
                SaveProgress(); // no batch is active: posts the cleared record
                return;
            }

            _executor.Load(recipe, progress.StepIndex, true, progress.StepStartNetGrams, progress.StepGrams);
            _batchActive = true;
            Interrupted = true;
            _machine.Restore(PackMlState.Held);
            RecoveryNote = ProgressSummary();
            BeginEvent(EventKinds.BatchInterrupted);
            _event.Message = RecoveryNote;
            SendEvent();
        }

        /// <summary>What recovery could not restore, and why: the recovery note and a storage warning.</summary>
        private void NoteRecovery(string problem)
        {
            RecoveryNote = problem;
            RaiseAlarm(EventKinds.AlarmRaised, "storage", Severities.Warning, problem);
        }

        // "step 3/12 'dose PAG'; dosed g: [1]=10.0012 [2]=5.0003" clipped to the protocol's text limit.
        private string ProgressSummary()
        {
            string text = "interrupted at step " + _executor.StepIndex + "/" + _executor.StepCount;
            if (_executor.StepName != null) text += " '" + _executor.StepName + "'";
            text += "; dosed g:";
            for (int i = 0; i < _executor.StepCount; i++)
            {
                if (_executor.StepGrams[i] != 0) text += " [" + i + "]=" + _executor.StepGrams[i].ToString("F4");
            }
            if (text.Length > Limits.MaxTextLength) text = text.Substring(0, Limits.MaxTextLength - 3) + "...";
            return text;
        }

        /// <summary>Posts the progress record (and, when given, the recipe to store before it) for the
        /// worker to write; returns the post's sequence number. Copies a few fields, allocates nothing.</summary>
        private int SaveProgress()
        {
            return PostRecords(null);
        }

        private int PostRecords(ControlRecipe recipe)
        {
            lock (_records.Gate)
            {
                ProgressRecord p = _records.Pending;
                if (_batchActive && _executor.Recipe != null)
                {
                    p.BatchActive = true;
                    p.BatchId = _executor.Recipe.BatchId;
                    p.StepIndex = _executor.StepIndex;
                    p.StepCount = _executor.StepCount;
                    p.StepStartNetGrams = _executor.StepStartNetGrams;
                    for (int i = 0; i < p.StepCount; i++) p.StepGrams[i] = _executor.StepGrams[i];
                }
                else
                {
                    p.ClearBatch();
                }
                p.DosingParameterCount = _dosing.ExportParameters(p.DosingParameters);
                p.HotplateParameterCount = _hot.ExportParameters(p.HotplateParameters);
                if (recipe != null) _records.SetRecipe(recipe);
                _lastPostSeq = _records.MarkPosted();
                _lastPostMs = _nowMs;
                return _lastPostSeq;
            }
        }

        /// <summary>Once per tick: a failed or recovered write to the storage alarm, and the answer of
        /// a command that waited for its record.</summary>
        private void PollRecords()
        {
            int failed = _records.FailedSeq;
            if (failed != _failureSeen)
            {
                _failureSeen = failed;
                string failure = _records.Failure;
                // A recipe too large for its record is the command's fault, answered to it; not an alarm.
                if (failure != null && failure.StartsWith(StoragePrefix))
                {
                    bool first = StorageProblem == null;
                    StorageProblem = failure;
                    if (first) RaiseAlarm(EventKinds.AlarmRaised, "storage", Severities.Warning, StorageProblem);
                }
            }
            else if (StorageProblem != null && _records.StoredSeq > _failureSeen)
            {
                StorageProblem = null;
                RaiseAlarm(EventKinds.AlarmCleared, "storage", Severities.Warning, null);
            }
            SettleAwaitedCommand();
        }

        private const string StoragePrefix = "storage:";

        /// <summary>The command's answer waits for post <paramref name="seq"/> to reach flash.</summary>
        private void AwaitRecord(string id, string name, int seq)
        {
            _awaitId = id;
            _awaitName = name;
            _awaitSeq = seq;
            _awaitSinceMs = _nowMs;
        }

        /// <summary>Where the record posted as <paramref name="seq"/> at <paramref name="sinceMs"/>
        /// stands; one not stored within <see cref="StationConfig.RecordTimeoutMs"/> counts as failed.</summary>
        private RecordStatus RecordState(int seq, long sinceMs)
        {
            RecordStatus status = _records.StatusOf(seq);
            if (status == RecordStatus.Pending && _nowMs - sinceMs >= _config.RecordTimeoutMs) return RecordStatus.Failed;
            return status;
        }

        private string RecordFailure(int seq)
        {
            if (_records.StatusOf(seq) == RecordStatus.Failed) return _records.Failure;
            return "storage: not written within " + _config.RecordTimeoutMs + " ms (flash busy or failing)";
        }

        private void SettleAwaitedCommand()
        {
            if (_awaitId == null) return;
            // A start cut by abort, stop or e-stop is answered by the acting state (CancelAwaitedStart).
            if (_awaitName == CommandNames.Start && _machine.State != PackMlState.Starting) return;
            RecordStatus status = RecordState(_awaitSeq, _awaitSinceMs);
            if (status == RecordStatus.Pending) return;
            string id = _awaitId;
            string name = _awaitName;
            string reason = status == RecordStatus.Stored ? null : RecordFailure(_awaitSeq);
            _awaitId = null;
            _awaitName = null;
            if (name == CommandNames.Start)
            {
                if (reason != null) UndoStart();
            }
            else if (reason != null)
            {
                // set-gains not persisted: the old gains again, so nothing half-applies.
                Tuning.SetGains(_awaitOldKp, _awaitOldTi, _awaitOldTd);
                SaveProgress();
                reason = name + ": " + reason;
            }
            else
            {
                ReportTuning(TuningStatuses.Applied, null, false);
            }
            _ledger.Remember(id, reason == null, reason);
            Answer(id, reason == null, reason);
        }

        /// <summary>A start whose records did not reach flash: back to Idle as if it never came
        /// (a cleared record is posted, so a late write of the batch's record is superseded).</summary>
        private void UndoStart()
        {
            _executor.Unload();
            _batchActive = false;
            _machine.Restore(PackMlState.Idle);
            SaveProgress();
        }

        /// <summary>Abort, stop or e-stop while a start waited for its records: the start is answered
        /// rejected, the batch never began (no batch events), nothing of it stays on flash.</summary>
        private void CancelAwaitedStart(string why)
        {
            string id = _awaitId;
            _awaitId = null;
            _awaitName = null;
            _executor.Unload();
            EndBatch();
            string reason = "start: " + why + " before the batch was stored";
            _ledger.Remember(id, false, reason);
            Answer(id, false, reason);
        }
    }
}
