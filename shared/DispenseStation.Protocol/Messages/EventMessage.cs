using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// dispense/v1/{station}/event: something happened in a batch or to an alarm. One flat shape for
    /// every kind; the fields a kind does not use stay absent (NaN for numbers, -1 for indices and
    /// durations, null for text) and are left out of the JSON.
    /// dose-result requires channel, targetGrams, actualGrams and success; alarm-raised requires
    /// alarmCode and severity; alarm-cleared requires alarmCode; tuning requires status, kp, ti and td.
    /// </summary>
    public sealed class EventMessage
    {
        private const string KindName = "kind";
        private const string BatchIdName = "batchId";
        private const string StepIndexName = "stepIndex";
        private const string MessageName = "message";
        private const string ChannelName = "channel";
        private const string TargetGramsName = "targetGrams";
        private const string ActualGramsName = "actualGrams";
        private const string ErrorGramsName = "errorGrams";
        private const string DurationMsName = "durationMs";
        private const string SuccessName = "success";
        private const string AlarmCodeName = "alarmCode";
        private const string SeverityName = "severity";
        private const string SetpointCName = "setpointC";
        private const string SecondsOutsideBandName = "secondsOutsideBand";
        private const string StatusName = "status";
        private const string KpName = "kp";
        private const string TiName = "ti";
        private const string TdName = "td";
        private const string KuName = "ku";
        private const string PuSName = "puS";
        private const string ModelGainName = "modelGainCPerDuty";
        private const string TauSName = "tauS";
        private const string DeadTimeSName = "deadTimeS";
        private const string RuleName = "rule";
        private const string CyclesDoneName = "cyclesDone";
        private const string CyclesRemainingName = "cyclesRemaining";
        /// <summary>More relay cycles than any autotune's settings allow (settling + measured, each at most 20, plus unbalanced ones).</summary>
        public const int MaxAutotuneCycles = 1000;

        public long Seq = -1;
        public long UptimeMs = -1;
        public string Utc;

        /// <summary>UTC as Unix ms, written as "utc" when <see cref="Utc"/> is null; -1 = not known (station clock not set).</summary>
        public long UtcMs = -1;
        /// <summary>One of <see cref="EventKinds"/>.</summary>
        public string Kind;
        public string BatchId;
        public int StepIndex = -1;
        /// <summary>Human-readable text (prompt text, abort reason, alarm description).</summary>
        public string Message;

        /// <summary>Dose result: pump channel 0..7.</summary>
        public int Channel = -1;
        /// <summary>Dose result: grams asked for, grams on the scale, actual - target (4 decimals).</summary>
        public double TargetGrams = double.NaN;
        public double ActualGrams = double.NaN;
        public double ErrorGrams = double.NaN;
        /// <summary>Dose result: how long the dose took, ms.</summary>
        public long DurationMs = -1;
        /// <summary>Dose result: within tolerance.</summary>
        public bool Success;

        /// <summary>Alarm: a stable code such as "OVERTEMP" and one of <see cref="Severities"/>.</summary>
        public string AlarmCode;
        public string Severity;

        /// <summary>Bake segment: its setpoint (°C) and the time the plate spent outside the band (s).</summary>
        public double SetpointC = double.NaN;
        public double SecondsOutsideBand = double.NaN;

        /// <summary>Tuning: one of <see cref="TuningStatuses"/>.</summary>
        public string Status;
        /// <summary>Tuning: the PID gains in use (ISA form: kp duty per °C, ti and td in s).</summary>
        public double Kp = double.NaN;
        public double Ti = double.NaN;
        public double Td = double.NaN;
        /// <summary>Tuning after an autotune: ultimate gain (duty per °C) and period (s).</summary>
        public double Ku = double.NaN;
        public double PuS = double.NaN;
        /// <summary>Tuning after an autotune: first-order-plus-dead-time model, gain °C per unit duty, time constant and dead time s.</summary>
        public double ModelGainCPerDuty = double.NaN;
        public double TauS = double.NaN;
        public double DeadTimeS = double.NaN;
        /// <summary>Tuning after an autotune: one of <see cref="TuningRuleNames"/>.</summary>
        public string Rule;
        /// <summary>Autotune progress: relay cycles completed and still to run at least; -1 = not given.</summary>
        public int CyclesDone = -1;
        public int CyclesRemaining = -1;

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteStringProperty(KindName, Kind);
            if (BatchId != null) w.WriteStringProperty(BatchIdName, BatchId);
            if (StepIndex >= 0) w.WriteIntegerProperty(StepIndexName, StepIndex);
            if (Message != null) w.WriteStringProperty(MessageName, Message);
            if (Channel >= 0) w.WriteIntegerProperty(ChannelName, Channel);
            MessageHeader.WriteOptional(w, TargetGramsName, TargetGrams, Decimals.Grams);
            MessageHeader.WriteOptional(w, ActualGramsName, ActualGrams, Decimals.Grams);
            MessageHeader.WriteOptional(w, ErrorGramsName, ErrorGrams, Decimals.Grams);
            if (DurationMs >= 0) w.WriteIntegerProperty(DurationMsName, DurationMs);
            if (Kind == EventKinds.DoseResult) w.WriteBoolProperty(SuccessName, Success);
            if (AlarmCode != null) w.WriteStringProperty(AlarmCodeName, AlarmCode);
            if (Severity != null) w.WriteStringProperty(SeverityName, Severity);
            MessageHeader.WriteOptional(w, SetpointCName, SetpointC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, SecondsOutsideBandName, SecondsOutsideBand, Decimals.Seconds);
            if (Status != null) w.WriteStringProperty(StatusName, Status);
            MessageHeader.WriteOptional(w, KpName, Kp, Decimals.Gain);
            MessageHeader.WriteOptional(w, TiName, Ti, Decimals.Seconds);
            MessageHeader.WriteOptional(w, TdName, Td, Decimals.Seconds);
            MessageHeader.WriteOptional(w, KuName, Ku, Decimals.Gain);
            MessageHeader.WriteOptional(w, PuSName, PuS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, ModelGainName, ModelGainCPerDuty, Decimals.Temperature);
            MessageHeader.WriteOptional(w, TauSName, TauS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, DeadTimeSName, DeadTimeS, Decimals.Seconds);
            if (Rule != null) w.WriteStringProperty(RuleName, Rule);
            if (CyclesDone >= 0) w.WriteIntegerProperty(CyclesDoneName, CyclesDone);
            if (CyclesRemaining >= 0) w.WriteIntegerProperty(CyclesRemainingName, CyclesRemaining);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        public static bool TryParse(byte[] payload, int offset, int length, out EventMessage message, out string error)
        {
            EventMessage m = new EventMessage();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private string Read(JsonReader r)
        {
            string why;
            bool hasSuccess = false;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(KindName)) { field = KindName; why = FieldReader.OneOf(r, EventKinds.All, out Kind); }
                else if (r.ValueEquals(BatchIdName)) { field = BatchIdName; why = FieldReader.String(r, Limits.MaxIdLength, true, out BatchId); }
                else if (r.ValueEquals(StepIndexName)) { field = StepIndexName; why = FieldReader.Int(r, 0, Limits.MaxSteps - 1, out StepIndex); }
                else if (r.ValueEquals(MessageName)) { field = MessageName; why = FieldReader.String(r, Limits.MaxTextLength, true, out Message); }
                else if (r.ValueEquals(ChannelName)) { field = ChannelName; why = FieldReader.Int(r, 0, Limits.MaxChannels - 1, out Channel); }
                else if (r.ValueEquals(TargetGramsName)) { field = TargetGramsName; why = FieldReader.Double(r, -Limits.MaxGrams, Limits.MaxGrams, out TargetGrams); }
                else if (r.ValueEquals(ActualGramsName)) { field = ActualGramsName; why = FieldReader.Double(r, -Limits.MaxGrams, Limits.MaxGrams, out ActualGrams); }
                else if (r.ValueEquals(ErrorGramsName)) { field = ErrorGramsName; why = FieldReader.Double(r, -Limits.MaxGrams, Limits.MaxGrams, out ErrorGrams); }
                else if (r.ValueEquals(DurationMsName)) { field = DurationMsName; why = FieldReader.Long(r, 0, long.MaxValue, out DurationMs); }
                else if (r.ValueEquals(SuccessName)) { field = SuccessName; why = FieldReader.Bool(r, out Success); hasSuccess = why == null; }
                else if (r.ValueEquals(AlarmCodeName)) { field = AlarmCodeName; why = FieldReader.String(r, Limits.MaxNameLength, true, out AlarmCode); }
                else if (r.ValueEquals(SeverityName)) { field = SeverityName; why = FieldReader.OneOf(r, Severities.All, out Severity); }
                else if (r.ValueEquals(SetpointCName)) { field = SetpointCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxTemperatureC, out SetpointC); }
                else if (r.ValueEquals(SecondsOutsideBandName)) { field = SecondsOutsideBandName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out SecondsOutsideBand); }
                else if (r.ValueEquals(StatusName)) { field = StatusName; why = FieldReader.OneOf(r, TuningStatuses.All, out Status); }
                else if (r.ValueEquals(KpName)) { field = KpName; why = FieldReader.Double(r, 0, Limits.MaxKp, out Kp); }
                else if (r.ValueEquals(TiName)) { field = TiName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out Ti); }
                else if (r.ValueEquals(TdName)) { field = TdName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out Td); }
                else if (r.ValueEquals(KuName)) { field = KuName; why = FieldReader.Double(r, 0, double.MaxValue, out Ku); }
                else if (r.ValueEquals(PuSName)) { field = PuSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out PuS); }
                else if (r.ValueEquals(ModelGainName)) { field = ModelGainName; why = FieldReader.Double(r, 0, double.MaxValue, out ModelGainCPerDuty); }
                else if (r.ValueEquals(TauSName)) { field = TauSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out TauS); }
                else if (r.ValueEquals(DeadTimeSName)) { field = DeadTimeSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out DeadTimeS); }
                else if (r.ValueEquals(RuleName)) { field = RuleName; why = FieldReader.OneOf(r, TuningRuleNames.All, out Rule); }
                else if (r.ValueEquals(CyclesDoneName)) { field = CyclesDoneName; why = FieldReader.Int(r, 0, MaxAutotuneCycles, out CyclesDone); }
                else if (r.ValueEquals(CyclesRemainingName)) { field = CyclesRemainingName; why = FieldReader.Int(r, 0, MaxAutotuneCycles, out CyclesRemaining); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Seq < 0) return FieldReader.Required(MessageHeader.Seq, "integer");
            if (UptimeMs < 0) return FieldReader.Required(MessageHeader.Ts, "integer");
            if (Kind == null) return FieldReader.Required(KindName, "event kind");
            if (Kind == EventKinds.DoseResult)
            {
                if (Channel < 0) return FieldReader.Required(ChannelName, "integer for a dose-result");
                if (double.IsNaN(TargetGrams)) return FieldReader.Required(TargetGramsName, "number for a dose-result");
                if (double.IsNaN(ActualGrams)) return FieldReader.Required(ActualGramsName, "number for a dose-result");
                if (!hasSuccess) return FieldReader.Required(SuccessName, "true or false for a dose-result");
            }
            if ((Kind == EventKinds.AlarmRaised || Kind == EventKinds.AlarmCleared) && AlarmCode == null)
            {
                return FieldReader.Required(AlarmCodeName, "string for an alarm event");
            }
            if (Kind == EventKinds.AlarmRaised && Severity == null) return FieldReader.Required(SeverityName, "severity for alarm-raised");
            if (Kind == EventKinds.Tuning)
            {
                if (Status == null) return FieldReader.Required(StatusName, "tuning status for a tuning event");
                if (double.IsNaN(Kp)) return FieldReader.Required(KpName, "number for a tuning event");
                if (double.IsNaN(Ti)) return FieldReader.Required(TiName, "number for a tuning event");
                if (double.IsNaN(Td)) return FieldReader.Required(TdName, "number for a tuning event");
                if (Status == TuningStatuses.AutotuneProgress)
                {
                    if (CyclesDone < 0) return FieldReader.Required(CyclesDoneName, "integer for autotune-progress");
                    if (CyclesRemaining < 0) return FieldReader.Required(CyclesRemainingName, "integer for autotune-progress");
                }
            }
            return null;
        }
    }
}
