using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Pumps
{
    /// <summary>
    /// The outcome of a prime or calibrate-pump on dispense/v1/{station}/event, kind "pump-run": which
    /// command (its id), channel and speed, how long the pump ran, the grams the scale weighed and,
    /// for a completed calibration, the flow in g/s at that speed (which the station now doses with).
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

        /// <summary>Absent fields everywhere (the station reuses one instance).</summary>
        public void Clear()
        {
            Kind = EventKinds.PumpRun; CommandId = null; Procedure = null; RunStatus = null; Channel = -1;
            Speed = double.NaN; Seconds = double.NaN; Grams = double.NaN; FlowGramsPerS = double.NaN; Message = null;
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
            if (Message != null) w.WriteStringProperty(MessageName, Message);
            w.EndObject();
            return MessageHeader.Result(w);
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
            if (Procedure == CommandNames.CalibratePump && RunStatus == PumpRunStatuses.Completed && double.IsNaN(FlowGramsPerS))
                return FieldReader.Required(FlowName, "number for a completed calibration");
            return null;
        }
    }
}
