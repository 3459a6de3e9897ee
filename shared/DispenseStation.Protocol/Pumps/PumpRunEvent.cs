using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Pumps
{
    /// <summary>
    /// The outcome of a prime or calibrate-pump on dispense/v1/{station}/event, kind "pump-run": which
    /// command (its id), channel and speed, how long the pump ran, the grams the scale weighed and, for a
    /// calibration, its "table": per speed measured, the pump-on seconds, grams and g/s (a completed one is
    /// what the station now doses with). Events of firmware before the table carry one "flowGramsPerS" at
    /// "speed" instead; they are still read (<see cref="PointCount"/> 0).
    /// <see cref="EventMessage"/> parses this kind too and skips the fields it does not know
    /// (none of the names below but "channel" and "message" is one it reads, and those mean the same).
    /// </summary>
    public sealed class PumpRunEvent
    {
        private const string KindName = "kind";
        private const string CommandIdName = "commandId";
        private const string ProcedureName = "procedure";
        private const string RunStatusName = "runStatus";
        private const string ChannelName = "channel";
        private const string SpeedName = "speed";
        private const string SecondsName = "seconds";
        private const string GramsName = "grams";
        private const string FlowName = "flowGramsPerS";
        private const string MessageName = "message";
        private const string TableName = "table";
        private const string TableSpeedsName = "speeds";
        private const string TableSecondsName = "seconds";
        private const string TableGramsName = "grams";
        private const string TableFlowsName = "flowGramsPerS";

        private static readonly string[] Procedures = { CommandNames.Prime, CommandNames.CalibratePump };
        private static readonly string[] Kinds = { EventKinds.PumpRun };

        public long Seq = -1;
        public long UptimeMs = -1;
        public string Utc;
        /// <summary>UTC as Unix ms, written as "utc" when <see cref="Utc"/> is null; -1 = not known.</summary>
        public long UtcMs = -1;
        public string Kind = EventKinds.PumpRun;
        /// <summary>The id of the prime or calibrate-pump command this run answers.</summary>
        public string CommandId;
        /// <summary><see cref="CommandNames.Prime"/> or <see cref="CommandNames.CalibratePump"/>.</summary>
        public string Procedure;
        /// <summary>One of <see cref="PumpRunStatuses"/>.</summary>
        public string RunStatus;
        public int Channel = -1;
        /// <summary>Commanded speed, fraction of the pump's top speed.</summary>
        public double Speed = double.NaN;
        /// <summary>How long the pump ran, s.</summary>
        public double Seconds = double.NaN;
        /// <summary>Grams that arrived, by the settled weight (the filtered weight when the run was cut).</summary>
        public double Grams = double.NaN;
        /// <summary>calibrate-pump, completed: grams over seconds at <see cref="Speed"/>, g/s.</summary>
        public double FlowGramsPerS = double.NaN;
        /// <summary>What ended the run, in words.</summary>
        public string Message;
        /// <summary>calibrate-pump: speeds measured so far (all of them when completed), ascending; 0 = no table.</summary>
        public int PointCount;
        /// <summary>Per point (index below <see cref="PointCount"/>): speed, pump-on s, grams weighed, g/s.</summary>
        public readonly double[] PointSpeeds = new double[PumpCommands.MaxCalibrationSpeeds];
        public readonly double[] PointSeconds = new double[PumpCommands.MaxCalibrationSpeeds];
        public readonly double[] PointGrams = new double[PumpCommands.MaxCalibrationSpeeds];
        public readonly double[] PointFlows = new double[PumpCommands.MaxCalibrationSpeeds];

        /// <summary>Adds a measured point; false when the table is full.</summary>
        public bool AddPoint(double speed, double seconds, double grams, double gramsPerS)
        {
            if (PointCount == PointSpeeds.Length) return false;
            PointSpeeds[PointCount] = speed; PointSeconds[PointCount] = seconds; PointGrams[PointCount] = grams; PointFlows[PointCount] = gramsPerS;
            PointCount++;
            return true;
        }

        /// <summary>Absent fields everywhere (the station reuses one instance).</summary>
        public void Clear()
        {
            Kind = EventKinds.PumpRun; CommandId = null; Procedure = null; RunStatus = null; Channel = -1;
            Speed = double.NaN; Seconds = double.NaN; Grams = double.NaN; FlowGramsPerS = double.NaN; Message = null;
            PointCount = 0;
        }

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteStringProperty(KindName, Kind);
            if (CommandId != null) w.WriteStringProperty(CommandIdName, CommandId);
            if (Procedure != null) w.WriteStringProperty(ProcedureName, Procedure);
            if (RunStatus != null) w.WriteStringProperty(RunStatusName, RunStatus);
            if (Channel >= 0) w.WriteIntegerProperty(ChannelName, Channel);
            MessageHeader.WriteOptional(w, SpeedName, Speed, Decimals.Duty);
            MessageHeader.WriteOptional(w, SecondsName, Seconds, Decimals.Seconds);
            MessageHeader.WriteOptional(w, GramsName, Grams, Decimals.Grams);
            MessageHeader.WriteOptional(w, FlowName, FlowGramsPerS, Decimals.Grams);
            if (PointCount > 0)
            {
                // Four arrays, not an object per point: six points fit the station's 512-byte message this way.
                w.WriteName(TableName);
                w.BeginObject();
                WriteColumn(w, TableSpeedsName, PointSpeeds, Decimals.Duty);
                WriteColumn(w, TableSecondsName, PointSeconds, Decimals.Seconds);
                WriteColumn(w, TableGramsName, PointGrams, Decimals.Grams);
                WriteColumn(w, TableFlowsName, PointFlows, Decimals.Grams);
                w.EndObject();
            }
            if (Message != null) w.WriteStringProperty(MessageName, Message);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        private void WriteColumn(JsonWriter w, string name, double[] values, int decimals)
        {
            w.WriteName(name);
            w.BeginArray();
            for (int i = 0; i < PointCount; i++) w.WriteNumber(values[i], decimals);
            w.EndArray();
        }

        public static bool TryParse(byte[] payload, int offset, int length, out PumpRunEvent message, out string error)
        {
            PumpRunEvent m = new PumpRunEvent();
            m.Kind = null;
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(KindName)) { field = KindName; why = FieldReader.OneOf(r, Kinds, out Kind); }
                else if (r.ValueEquals(CommandIdName)) { field = CommandIdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out CommandId); }
                else if (r.ValueEquals(ProcedureName)) { field = ProcedureName; why = FieldReader.OneOf(r, Procedures, out Procedure); }
                else if (r.ValueEquals(RunStatusName)) { field = RunStatusName; why = FieldReader.OneOf(r, PumpRunStatuses.All, out RunStatus); }
                else if (r.ValueEquals(ChannelName)) { field = ChannelName; why = FieldReader.Int(r, 0, Limits.MaxChannels - 1, out Channel); }
                else if (r.ValueEquals(SpeedName)) { field = SpeedName; why = FieldReader.Double(r, 0, 1, out Speed); }
                else if (r.ValueEquals(SecondsName)) { field = SecondsName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out Seconds); }
                else if (r.ValueEquals(GramsName)) { field = GramsName; why = FieldReader.Double(r, -Limits.MaxGrams, Limits.MaxGrams, out Grams); }
                else if (r.ValueEquals(FlowName)) { field = FlowName; why = FieldReader.Double(r, 0, Limits.MaxPumpRate, out FlowGramsPerS); }
                else if (r.ValueEquals(TableName)) { field = null; why = FieldReader.Nest(TableName, ReadTable(r)); }
                else if (r.ValueEquals(MessageName)) { field = MessageName; why = FieldReader.String(r, Limits.MaxTextLength, true, out Message); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Seq < 0) return FieldReader.Required(MessageHeader.Seq, "integer");
            if (UptimeMs < 0) return FieldReader.Required(MessageHeader.Ts, "integer");
            if (Kind == null) return FieldReader.Required(KindName, EventKinds.PumpRun);
            if (CommandId == null) return FieldReader.Required(CommandIdName, "string");
            if (Procedure == null) return FieldReader.Required(ProcedureName, "prime or calibrate-pump");
            if (RunStatus == null) return FieldReader.Required(RunStatusName, "run status");
            if (Channel < 0) return FieldReader.Required(ChannelName, "integer");
            if (double.IsNaN(Seconds)) return FieldReader.Required(SecondsName, "number");
            if (double.IsNaN(Grams)) return FieldReader.Required(GramsName, "number");
            if (PointCount > 0 && Procedure != CommandNames.CalibratePump) return TableName + ": only a calibrate-pump has a table";
            if (Procedure == CommandNames.CalibratePump && RunStatus == PumpRunStatuses.Completed && double.IsNaN(FlowGramsPerS) && PointCount == 0)
                return FieldReader.Required(TableName, "for a completed calibration (or flowGramsPerS, from firmware before the table)");
            return null;
        }

        private string ReadTable(JsonReader r)
        {
            string why = FieldReader.BeginObject(r);
            if (why != null) return why;
            double[] speeds = null, seconds = null, grams = null, flows = null;
            string jsonError;
            int max = PumpCommands.MaxCalibrationSpeeds;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(TableSpeedsName)) { field = TableSpeedsName; why = FieldReader.DoubleArray(r, max, 0, 1, out speeds); }
                else if (r.ValueEquals(TableSecondsName)) { field = TableSecondsName; why = FieldReader.DoubleArray(r, max, 0, Limits.MaxSeconds, out seconds); }
                else if (r.ValueEquals(TableGramsName)) { field = TableGramsName; why = FieldReader.DoubleArray(r, max, -Limits.MaxGrams, Limits.MaxGrams, out grams); }
                else if (r.ValueEquals(TableFlowsName)) { field = TableFlowsName; why = FieldReader.DoubleArray(r, max, 0, Limits.MaxPumpRate, out flows); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (speeds == null) return FieldReader.Required(TableSpeedsName, "array of numbers");
            if (seconds == null) return FieldReader.Required(TableSecondsName, "array of numbers");
            if (grams == null) return FieldReader.Required(TableGramsName, "array of numbers");
            if (flows == null) return FieldReader.Required(TableFlowsName, "array of numbers");
            int n = speeds.Length;
            if (seconds.Length != n || grams.Length != n || flows.Length != n)
                return TableSpeedsName + ": speeds, seconds, grams and flowGramsPerS must have one entry per point each";
            PointCount = 0;
            for (int i = 0; i < n; i++) AddPoint(speeds[i], seconds[i], grams[i], flows[i]);
            return null;
        }
    }
}
