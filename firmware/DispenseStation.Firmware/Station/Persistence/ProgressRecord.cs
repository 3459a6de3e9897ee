namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>
    /// What the station must know after a reboot: the batch in progress (id, step, dosed masses,
    /// the net mass when the current step began) and the learned parameters of scale, doser and
    /// hotplate. Saved at every step boundary, hold and batch end; fixed-size arrays allocated once.
    /// </summary>
    public sealed class ProgressRecord
    {
        private const int Version = 1;
        /// <summary>Most hotplate parameters.</summary>
        public const int MaxParameters = 64;
        /// <summary>Most dosing parameters: with 8 channels, 14 for the scale and in-flight masses, 13 per channel
        /// for its pump flow table (count, 6 speeds, 6 flows) and 10 learned values (layout, in-flight mask, start-up
        /// deficit per channel) make 128.</summary>
        public const int MaxDosingParameters = 128;

        public ProgressRecord(int maxSteps) : this(maxSteps, MaxDosingParameters)
        {
        }

        /// <summary>A record keeping at most <paramref name="dosingCapacity"/> dosing parameters (the station sizes it to
        /// what its dosing process exports: the flow tables make them the largest part of the record).</summary>
        public ProgressRecord(int maxSteps, int dosingCapacity)
            : this(maxSteps, dosingCapacity, MaxParameters)
        {
        }

        /// <summary>A record keeping at most <paramref name="dosingCapacity"/> dosing and <paramref name="hotplateCapacity"/>
        /// hotplate parameters (the station sizes both to what its processes export).</summary>
        public ProgressRecord(int maxSteps, int dosingCapacity, int hotplateCapacity)
        {
            if (dosingCapacity < 0 || dosingCapacity > MaxDosingParameters) throw new System.ArgumentOutOfRangeException("dosingCapacity");
            if (hotplateCapacity < 0 || hotplateCapacity > MaxParameters) throw new System.ArgumentOutOfRangeException("hotplateCapacity");
            StepGrams = new double[maxSteps];
            DosingParameters = new double[dosingCapacity];
            HotplateParameters = new double[hotplateCapacity];
        }

        /// <summary>A batch was running (not ended by complete, abort or stop).</summary>
        public bool BatchActive;

        public string BatchId;

        public int StepIndex;

        public int StepCount;

        /// <summary>Net scale grams when the current step began (a dose resumes from here).</summary>
        public double StepStartNetGrams;

        /// <summary>Grams dosed by each dose step so far (0 for other steps).</summary>
        public readonly double[] StepGrams;

        public int DosingParameterCount;
        public readonly double[] DosingParameters;

        public int HotplateParameterCount;
        public readonly double[] HotplateParameters;

        /// <summary>Largest serialized record for <paramref name="maxSteps"/> steps (batch id up to
        /// 64 characters of UTF-8 and the fixed fields, with room to spare).</summary>
        public static int MaxBytes(int maxSteps)
        {
            return MaxBytes(maxSteps, MaxDosingParameters);
        }

        public static int MaxBytes(int maxSteps, int dosingCapacity)
        {
            return 256 + 8 * (maxSteps + dosingCapacity + MaxParameters) + 2 * 64;
        }

        /// <summary>Makes this record a copy of <paramref name="from"/> (same step capacity); allocates nothing.</summary>
        public void CopyFrom(ProgressRecord from)
        {
            BatchActive = from.BatchActive;
            BatchId = from.BatchId;
            StepIndex = from.StepIndex;
            StepCount = from.StepCount;
            StepStartNetGrams = from.StepStartNetGrams;
            System.Array.Copy(from.StepGrams, StepGrams, StepGrams.Length);
            DosingParameterCount = from.DosingParameterCount;
            System.Array.Copy(from.DosingParameters, DosingParameters, from.DosingParameterCount);
            HotplateParameterCount = from.HotplateParameterCount;
            System.Array.Copy(from.HotplateParameters, HotplateParameters, from.HotplateParameterCount);
        }

        public void ClearBatch()
        {
            BatchActive = false;
            BatchId = null;
            StepIndex = 0;
            StepCount = 0;
            StepStartNetGrams = 0;
            for (int i = 0; i < StepGrams.Length; i++) StepGrams[i] = 0;
        }

        public void WriteTo(ByteWriter w)
        {
            w.Reset();
            w.WriteInt32(Version);
            w.WriteBool(BatchActive);
            w.WriteString(BatchId);
            w.WriteInt32(StepIndex);
            w.WriteInt32(StepCount);
            w.WriteDouble(StepStartNetGrams);
            w.WriteInt32(StepCount);
            for (int i = 0; i < StepCount; i++) w.WriteDouble(StepGrams[i]);
            WriteArray(w, DosingParameters, DosingParameterCount);
            WriteArray(w, HotplateParameters, HotplateParameterCount);
        }

        /// <summary>Null when read, else why the record is unusable (then nothing is changed).</summary>
        public string ReadFrom(byte[] data, int length)
        {
            var r = new ByteReader(data, 0, length);
            if (r.ReadInt32() != Version) return "progress record: unknown version";
            bool active = r.ReadBool();
            string batchId = r.ReadString();
            int stepIndex = r.ReadInt32();
            int stepCount = r.ReadInt32();
            double startNet = r.ReadDouble();
            int grams = r.ReadInt32();
            if (r.Failed || grams != stepCount || stepCount < 0 || stepCount > StepGrams.Length
                || stepIndex < 0 || stepIndex > stepCount)
            {
                return "progress record: step fields out of range";
            }
            var stepGrams = new double[stepCount];
            for (int i = 0; i < stepCount; i++) stepGrams[i] = r.ReadDouble();
            var dosing = new double[MaxDosingParameters];
            var hot = new double[MaxParameters];
            int dosingCount = ReadArray(r, dosing);
            int hotCount = ReadArray(r, hot);
            if (r.Failed || dosingCount < 0 || hotCount < 0) return "progress record: truncated";
            if (dosingCount > DosingParameters.Length) return "progress record: more dosing parameters than this station keeps";
            // Hotplate values past the ones this firmware exports are ones it would not read: left behind.
            if (hotCount > HotplateParameters.Length) hotCount = HotplateParameters.Length;

            BatchActive = active;
            BatchId = batchId;
            StepIndex = stepIndex;
            StepCount = stepCount;
            StepStartNetGrams = startNet;
            for (int i = 0; i < StepGrams.Length; i++) StepGrams[i] = i < stepCount ? stepGrams[i] : 0;
            DosingParameterCount = dosingCount;
            HotplateParameterCount = hotCount;
            System.Array.Copy(dosing, DosingParameters, dosingCount);
            System.Array.Copy(hot, HotplateParameters, hotCount);
            return null;
        }

        private static void WriteArray(ByteWriter w, double[] values, int count)
        {
            w.WriteInt32(count);
            for (int i = 0; i < count; i++) w.WriteDouble(values[i]);
        }

        private static int ReadArray(ByteReader r, double[] into)
        {
            int count = r.ReadInt32();
            if (count < 0 || count > into.Length) return -1;
            for (int i = 0; i < count; i++) into[i] = r.ReadDouble();
            return count;
        }
    }
}
