using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Persistence: the recipe of the running batch and the progress record (step, dosed masses,
    /// learned parameters) in two durable records. At boot a batch that was running comes up Held,
    /// reported interrupted with its exact progress; the gateway or an operator resumes or aborts.
    /// </summary>
    public sealed partial class StationRuntime
    {
        private const string ProgressRecordName = "progress";
        private const string RecipeRecordName = "recipe";

        private DurableRecordStore _progressStore;
        private DurableRecordStore _recipeStore;
        private ProgressRecord _progress;
        private ByteWriter _progressWriter;
        private JsonWriter _recipeWriter;

        /// <summary>Why the last save failed, or null (also raised as a "storage" alarm).</summary>
        public string StorageProblem { get; private set; }

        /// <summary>Set at boot: what recovery found (null on a clean start).</summary>
        public string RecoveryNote { get; private set; }

        private void InitMessages(IFileStore files)
        {
            InitPublishing();
            _progress = new ProgressRecord(_config.MaxSteps);
            _progressWriter = new ByteWriter(new byte[256 + 8 * (_config.MaxSteps + 2 * ProgressRecord.MaxParameters) + 2 * 64]);
            _progressStore = new DurableRecordStore(files, ProgressRecordName, _progressWriter.Buffer.Length);
            _recipeWriter = new JsonWriter(_config.MaxRecipeBytes);
            _recipeStore = new DurableRecordStore(files, RecipeRecordName, _config.MaxRecipeBytes);
        }

        private void Recover()
        {
            // The save buffer is idle at boot: load into it.
            byte[] buffer = _progressWriter.Buffer;
            int length;
            if (!_progressStore.TryLoad(buffer, out length)) return;
            string problem = _progress.ReadFrom(buffer, length);
            if (problem != null)
            {
                RecoveryNote = problem;
                RaiseAlarm(EventKinds.AlarmRaised, "storage", Severities.Warning, problem);
                return;
            }
            _dosing.ImportParameters(_progress.DosingParameters, _progress.DosingParameterCount);
            _hot.ImportParameters(_progress.HotplateParameters, _progress.HotplateParameterCount);
            if (!_progress.BatchActive) return;

            ControlRecipe recipe = LoadRecipe();
            if (recipe == null || recipe.BatchId != _progress.BatchId || recipe.Steps.Length != _progress.StepCount
                || Recipe.RecipeValidator.Check(recipe, _config) != null)
            {
                // The batch cannot be resumed without its plan: report it and leave it to an abort.
                RecoveryNote = "batch " + _progress.BatchId + " was interrupted but its recipe record is unreadable";
                _machine.Restore(PackMlState.Aborted);
                BeginEvent(EventKinds.BatchInterrupted);
                _event.BatchId = _progress.BatchId;
                _event.StepIndex = _progress.StepIndex;
                _event.Message = RecoveryNote;
                SendEvent();
                _progress.ClearBatch();
                SaveProgress();
                return;
            }

            _executor.Load(recipe, _progress.StepIndex, true, _progress.StepStartNetGrams, _progress.StepGrams);
            _batchActive = true;
            Interrupted = true;
            _machine.Restore(PackMlState.Held);
            RecoveryNote = ProgressSummary();
            BeginEvent(EventKinds.BatchInterrupted);
            _event.Message = RecoveryNote;
            SendEvent();
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

        private ControlRecipe LoadRecipe()
        {
            var buffer = new byte[_config.MaxRecipeBytes];
            int length;
            if (!_recipeStore.TryLoad(buffer, out length)) return null;
            ControlRecipe recipe;
            string error;
            return ControlRecipe.TryParse(buffer, 0, length, out recipe, out error) ? recipe : null;
        }

        private string SaveRecipe(ControlRecipe recipe)
        {
            _recipeWriter.Reset();
            recipe.WriteTo(_recipeWriter);
            if (_recipeWriter.Overflowed) return "recipe: larger than the station's " + _config.MaxRecipeBytes + " byte limit";
            try
            {
                _recipeStore.Save(_recipeWriter.Buffer, _recipeWriter.Length);
                return null;
            }
            catch (System.Exception ex)
            {
                return "storage: recipe could not be saved (" + ex.Message + ")";
            }
        }

        /// <summary>Writes the progress record; null or the problem (which is also raised as an alarm).</summary>
        private string SaveProgress()
        {
            ProgressRecord p = _progress;
            p.BatchActive = _batchActive;
            if (_batchActive && _executor.Recipe != null)
            {
                p.BatchId = _executor.Recipe.BatchId;
                p.StepIndex = _executor.StepIndex;
                p.StepCount = _executor.StepCount;
                p.StepStartNetGrams = _executor.StepStartNetGrams;
                for (int i = 0; i < p.StepCount; i++) p.StepGrams[i] = _executor.StepGrams[i];
            }
            p.DosingParameterCount = _dosing.ExportParameters(p.DosingParameters);
            p.HotplateParameterCount = _hot.ExportParameters(p.HotplateParameters);
            try
            {
                p.WriteTo(_progressWriter);
                _progressStore.Save(_progressWriter.Buffer, _progressWriter.Length);
                if (StorageProblem != null)
                {
                    StorageProblem = null;
                    RaiseAlarm(EventKinds.AlarmCleared, "storage", Severities.Warning, null);
                }
                return null;
            }
            catch (System.Exception ex)
            {
                bool first = StorageProblem == null;
                StorageProblem = "storage: progress could not be saved (" + ex.Message + ")";
                if (first) RaiseAlarm(EventKinds.AlarmRaised, "storage", Severities.Warning, StorageProblem);
                return StorageProblem;
            }
        }
    }
}
