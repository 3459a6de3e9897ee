using DispenseStation.Firmware.Ports;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>
    /// The station's two durable records (<c>progress</c>, <c>recipe</c>), written off the control tick.
    /// The tick posts: it fills the pending progress snapshot under <see cref="Gate"/> (a few fields and
    /// array copies) and, at a batch start, hands over the recipe object; each post gets a sequence
    /// number. The writer (<see cref="WritePending"/>, on the station worker) saves the recipe first
    /// (serialized outside the lock), then serializes the newest progress snapshot straight into the
    /// shared frame under the same lock (a few hundred bytes, no copy of the record kept) and frames,
    /// checksums and writes those bytes to flash outside it: a write in progress never blocks the tick,
    /// and posts made meanwhile are coalesced into the next write (each snapshot is the whole state, so
    /// the newest supersedes the older ones). A progress record is never written ahead of a recipe posted
    /// with or before it. The tick learns by <see cref="StatusOf"/> when a post is on flash, or that its
    /// write failed. Both records share one frame buffer (one writer, one save at a time). Allocated once.
    /// </summary>
    public sealed class RecordWriter
    {
        private const string ProgressRecordName = "progress";
        private const string RecipeRecordName = "recipe";

        private readonly object _gate = new object();
        private readonly int _maxRecipeBytes;
        private readonly DurableRecordStore _progressStore;
        private readonly DurableRecordStore _recipeStore;
        private readonly ProgressRecord _pending;
        private readonly ByteWriter _progressBytes;
        private readonly JsonWriter _recipeJson;

        // Guarded by _gate.
        private ControlRecipe _pendingRecipe;
        private bool _recipeDirty;
        private bool _progressDirty;
        private bool _busy;
        private int _posted;
        private int _stored;
        private int _failed;
        private string _failure;
        private int _writes;

        public RecordWriter(IFileStore files, int maxSteps, int maxRecipeBytes)
            : this(files, maxSteps, maxRecipeBytes, ProgressRecord.MaxDosingParameters)
        {
        }

        public RecordWriter(IFileStore files, int maxSteps, int maxRecipeBytes, int dosingCapacity)
            : this(files, maxSteps, maxRecipeBytes, dosingCapacity, ProgressRecord.MaxParameters)
        {
        }

        public RecordWriter(IFileStore files, int maxSteps, int maxRecipeBytes, int dosingCapacity, int hotplateCapacity)
        {
            if (files == null) throw new System.ArgumentNullException("files");
            _maxRecipeBytes = maxRecipeBytes;
            _pending = new ProgressRecord(maxSteps, dosingCapacity, hotplateCapacity);
            int progressBytes = ProgressRecord.MaxBytes(maxSteps, dosingCapacity);
            byte[] frame = new byte[DurableRecordStore.FrameBytes(progressBytes > maxRecipeBytes ? progressBytes : maxRecipeBytes)];
            _progressStore = new DurableRecordStore(files, ProgressRecordName, progressBytes, frame);
            _recipeStore = new DurableRecordStore(files, RecipeRecordName, maxRecipeBytes, frame);
            // Both records are serialized straight into the frame and saved in place: no buffers of their own.
            _progressBytes = new ByteWriter(frame);
            _recipeJson = new JsonWriter(frame);
        }

        /// <summary>The lock the tick holds while it fills <see cref="Pending"/> and calls <see cref="MarkPosted"/>.</summary>
        public object Gate
        {
            get { return _gate; }
        }

        /// <summary>The snapshot the next write takes; touch it only while holding <see cref="Gate"/>
        /// (or at boot, before the worker runs).</summary>
        public ProgressRecord Pending
        {
            get { return _pending; }
        }

        /// <summary>Under <see cref="Gate"/>: the recipe to store with the next write (before the
        /// progress record posted with it, so a record naming a batch never lacks its recipe).</summary>
        public void SetRecipe(ControlRecipe recipe)
        {
            _pendingRecipe = recipe;
            _recipeDirty = true;
        }

        /// <summary>Under <see cref="Gate"/>: <see cref="Pending"/> is complete; returns the post's sequence number.</summary>
        public int MarkPosted()
        {
            _progressDirty = true;
            return ++_posted;
        }

        /// <summary>Whether the post numbered <paramref name="seq"/> is on flash, still waiting, or failed.</summary>
        public RecordStatus StatusOf(int seq)
        {
            lock (_gate)
            {
                if (_stored >= seq) return RecordStatus.Stored;
                if (_failed >= seq) return RecordStatus.Failed;
                return RecordStatus.Pending;
            }
        }

        /// <summary>Sequence number of the newest post on flash (0: none since boot).</summary>
        public int StoredSeq
        {
            get { lock (_gate) { return _stored; } }
        }

        /// <summary>Sequence number of the newest post whose write failed (0: none since boot).</summary>
        public int FailedSeq
        {
            get { lock (_gate) { return _failed; } }
        }

        /// <summary>Why the last failed write failed, in words ("storage: ... could not be saved (...)").</summary>
        public string Failure
        {
            get { lock (_gate) { return _failure; } }
        }

        /// <summary>True while the writer is inside a flash write.</summary>
        public bool Busy
        {
            get { lock (_gate) { return _busy; } }
        }

        /// <summary>Posts not yet taken by the writer.</summary>
        public bool HasPending
        {
            get { lock (_gate) { return _progressDirty || _recipeDirty; } }
        }

        /// <summary>Write passes completed (stored or failed) since boot.</summary>
        public int Writes
        {
            get { lock (_gate) { return _writes; } }
        }

        /// <summary>
        /// The writer's pass (station worker only, never the tick): takes what was posted since the last
        /// pass and writes it, the recipe first. False when nothing was pending. Store exceptions end as
        /// a failed pass (<see cref="Failure"/>), never out of here.
        /// </summary>
        public bool WritePending()
        {
            ControlRecipe recipe;
            int seq;
            bool progress = false;
            string failure = null;
            lock (_gate)
            {
                if (!_progressDirty && !_recipeDirty) return false;
                recipe = _recipeDirty ? _pendingRecipe : null;
                _pendingRecipe = null;
                _recipeDirty = false;
                seq = _posted;
                _busy = true;
                if (recipe == null)
                {
                    failure = TakeProgress();
                    progress = true;
                }
            }
            // Whether the pass settles the posts up to seq (stored or failed): not when it stored a recipe
            // and leaves the progress posted with it for the next pass.
            bool settled = true;
            if (recipe != null)
            {
                failure = SaveRecipe(recipe);
                lock (_gate)
                {
                    if (failure != null)
                    {
                        // The posts up to seq failed with their recipe; newer ones wait for the next pass.
                        if (_posted == seq) _progressDirty = false;
                    }
                    else if (_progressDirty && !_recipeDirty)
                    {
                        failure = TakeProgress();
                        progress = true;
                        seq = _posted;
                    }
                    else if (_progressDirty)
                    {
                        // A newer recipe was posted while this one was written: the snapshot may name its
                        // batch, so it waits until that recipe is on flash (the next pass).
                        settled = false;
                    }
                }
            }
            if (failure == null && progress) failure = SaveProgress();
            lock (_gate)
            {
                _busy = false;
                _writes++;
                if (failure == null)
                {
                    if (settled) _stored = seq;
                }
                else
                {
                    _failed = seq;
                    _failure = failure;
                }
            }
            return true;
        }

        /// <summary>Boot only (before the worker runs): the stored progress record into
        /// <see cref="Pending"/>. False when there is none; <paramref name="problem"/> when it is unusable.</summary>
        public bool TryLoadProgress(out string problem)
        {
            problem = null;
            byte[] buffer = _progressBytes.Buffer; // the frame, idle at boot
            int length;
            if (!_progressStore.TryLoad(buffer, out length)) return false;
            problem = _pending.ReadFrom(buffer, length);
            return true;
        }

        /// <summary>Copies of the progress record the last <see cref="TryLoadProgress"/> found damaged (CRC, torn write).</summary>
        public int DamagedProgressCopies
        {
            get { return _progressStore.CorruptSlotsSeen; }
        }

        /// <summary>Boot only: the stored recipe, or null when it is missing or unreadable. Parsed in
        /// the frame buffer (idle at boot), so loading allocates only the recipe itself.</summary>
        public ControlRecipe LoadRecipe()
        {
            byte[] buffer = _recipeJson.Buffer;
            int length;
            if (!_recipeStore.TryLoad(buffer, out length)) return null;
            ControlRecipe recipe;
            string error;
            return ControlRecipe.TryParse(buffer, 0, length, out recipe, out error) ? recipe : null;
        }

        private string SaveRecipe(ControlRecipe recipe)
        {
            _recipeJson.Reset();
            recipe.WriteTo(_recipeJson);
            if (_recipeJson.Overflowed || _recipeJson.Length > _maxRecipeBytes) return "recipe: larger than the station's " + _maxRecipeBytes + " byte limit";
            try
            {
                _recipeStore.SaveInPlace(_recipeJson.Length);
                return null;
            }
            catch (System.Exception ex)
            {
                return "storage: recipe could not be saved (" + ex.Message + ")";
            }
        }

        /// <summary>Under <see cref="Gate"/>: the newest snapshot serialized into the frame (the recipe,
        /// if any, already saved from it); null, or why it could not be.</summary>
        private string TakeProgress()
        {
            _progressDirty = false;
            try
            {
                _pending.WriteTo(_progressBytes);
                return null;
            }
            catch (System.Exception ex)
            {
                return "storage: progress could not be saved (" + ex.Message + ")";
            }
        }

        /// <summary>Outside the lock: the bytes <see cref="TakeProgress"/> put in the frame, framed and written.</summary>
        private string SaveProgress()
        {
            try
            {
                _progressStore.SaveInPlace(_progressBytes.Length);
                return null;
            }
            catch (System.Exception ex)
            {
                return "storage: progress could not be saved (" + ex.Message + ")";
            }
        }
    }
}
