using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// A command from the gateway on dispense/v1/{station}/cmd/{name}. The name comes from the topic,
    /// the payload carries the id (commands are idempotent by id), the gateway's sequence number and
    /// the arguments: start carries "recipe" (a <see cref="ControlRecipe"/>), confirm carries
    /// "stepIndex" (the prompt step confirmed); set-gains carries "kp", "ti", "td"; autotune carries
    /// "targetC" and optionally "rule", "maxC" and "maxS"; prime and calibrate-pump carry "channel",
    /// "seconds" and/or "grams", prime one "speed", calibrate-pump optionally "speeds" (<see cref="PumpCommands"/>);
    /// the others have none.
    /// </summary>
    public sealed class CommandMessage
    {
        private const string IdName = "id";
        private const string RecipeName = "recipe";
        private const string StepIndexName = "stepIndex";
        private const string KpName = "kp";
        private const string TiName = "ti";
        private const string TdName = "td";
        private const string TargetCName = "targetC";
        private const string RuleName = "rule";
        private const string MaxCName = "maxC";
        private const string MaxSName = "maxS";

        /// <summary>Unique command id, 1-64 characters; echoed in the cmd-result.</summary>
        public string Id;
        /// <summary>One of <see cref="CommandNames"/>; from the topic, not the payload.</summary>
        public string Name;
        /// <summary>The gateway's counter; -1 when absent.</summary>
        public long Seq = -1;
        /// <summary>start: what to run.</summary>
        public ControlRecipe Recipe;
        /// <summary>confirm: the prompt step being confirmed; -1 when absent.</summary>
        public int StepIndex = -1;
        /// <summary>set-gains: ISA-form gains; kp in heater duty per °C (&gt; 0), ti and td in s (0 = off). NaN when absent.</summary>
        public double Kp = double.NaN;
        public double Ti = double.NaN;
        public double Td = double.NaN;
        /// <summary>autotune: the temperature the relay oscillates around, °C. NaN when absent.</summary>
        public double TargetC = double.NaN;
        /// <summary>autotune: one of <see cref="TuningRuleNames"/>; null = the station's default.</summary>
        public string Rule;
        /// <summary>autotune: abort above this temperature (°C) or after this long (s); NaN = station default.</summary>
        public double MaxC = double.NaN;
        public double MaxS = double.NaN;
        /// <summary>bake-job: what to bake.</summary>
        public BakeJobSpec Job;
        /// <summary>wafer-down, wafer-removed: the wafer index the operator saw; -1 when absent.</summary>
        public int Wafer = -1;
        /// <summary>wafer-down: the wafer was already down (back-date to the withdrawn provisional landing).</summary>
        public bool AlreadyDown;
        /// <summary>prime, calibrate-pump: pump channel 0-7; -1 when absent.</summary>
        public int Channel = -1;
        /// <summary>prime: pump speed, fraction of top speed (0, 1]; NaN when absent.</summary>
        public double Speed = double.NaN;
        /// <summary>calibrate-pump: the speeds to calibrate, ascending (<see cref="PumpCommands.CheckSpeeds"/>); null = the default set.</summary>
        public double[] Speeds;
        /// <summary>prime, calibrate-pump: stop after this long (s) or once this many grams arrived (per speed for a
        /// calibration); NaN when absent.</summary>
        public double Seconds = double.NaN;
        public double Grams = double.NaN;

        /// <summary>Writes the payload (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            w.WriteStringProperty(IdName, Id);
            if (Seq >= 0) w.WriteIntegerProperty(MessageHeader.Seq, Seq);
            if (Recipe != null)
            {
                w.WriteName(RecipeName);
                Recipe.WriteTo(w);
            }
            if (StepIndex >= 0) w.WriteIntegerProperty(StepIndexName, StepIndex);
            MessageHeader.WriteOptional(w, KpName, Kp, Decimals.Gain);
            MessageHeader.WriteOptional(w, TiName, Ti, Decimals.Seconds);
            MessageHeader.WriteOptional(w, TdName, Td, Decimals.Seconds);
            MessageHeader.WriteOptional(w, TargetCName, TargetC, Decimals.Temperature);
            if (Rule != null) w.WriteStringProperty(RuleName, Rule);
            MessageHeader.WriteOptional(w, MaxCName, MaxC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, MaxSName, MaxS, Decimals.Seconds);
            if (Job != null)
            {
                w.WriteName(BakeCommands.JobField);
                Job.WriteTo(w);
            }
            if (Wafer >= 0) w.WriteIntegerProperty(BakeCommands.WaferField, Wafer);
            if (AlreadyDown) w.WriteBoolProperty(BakeCommands.AlreadyDownField, true);
            if (Channel >= 0) w.WriteIntegerProperty(PumpCommands.ChannelField, Channel);
            MessageHeader.WriteOptional(w, PumpCommands.SpeedField, Speed, Decimals.Duty);
            if (Speeds != null)
            {
                w.WriteName(PumpCommands.SpeedsField);
                w.BeginArray();
                for (int i = 0; i < Speeds.Length; i++) w.WriteNumber(Speeds[i], Decimals.Duty);
                w.EndArray();
            }
            MessageHeader.WriteOptional(w, PumpCommands.SecondsField, Seconds, Decimals.Seconds);
            MessageHeader.WriteOptional(w, PumpCommands.GramsField, Grams, Decimals.Grams);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        /// <summary>Parses the payload of command <paramref name="name"/> (the last topic level).</summary>
        public static bool TryParse(string name, byte[] payload, int offset, int length, out CommandMessage message, out string error)
        {
            message = null;
            if (!CommandNames.IsKnown(name))
            {
                error = "name: unknown command '" + (name == null ? "" : name) + "' (expected one of " + FieldReader.Join(CommandNames.All) + ")";
                return false;
            }
            if (length > Limits.MaxCommandBytes)
            {
                error = "payload: larger than " + Limits.MaxCommandBytes.ToString() + " bytes";
                return false;
            }
            CommandMessage m = new CommandMessage();
            m.Name = name;
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            if (error != null) return false;
            message = m;
            return true;
        }

        /// <summary>
        /// The command id of a payload that may be otherwise invalid, so that a rejection can still
        /// be answered with the id; null when there is no readable top-level "id" string.
        /// </summary>
        public static string TryReadId(byte[] payload, int offset, int length)
        {
            JsonReader r = new JsonReader(payload, offset, length);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueEquals(IdName))
                {
                    if (!r.Read() || r.TokenType != JsonTokenType.String) return null;
                    int n = r.GetStringLength();
                    return n >= 1 && n <= Limits.MaxIdLength ? r.GetString() : null;
                }
                if (!r.Skip()) return null;
            }
            return null;
        }

        private string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(IdName)) { field = IdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out Id); }
                else if (r.ValueEquals(MessageHeader.Seq)) { field = MessageHeader.Seq; why = FieldReader.Long(r, 0, long.MaxValue, out Seq); }
                else if (r.ValueEquals(RecipeName) && Name == CommandNames.Start) { field = null; why = FieldReader.Nest(RecipeName, ReadRecipe(r)); }
                else if (r.ValueEquals(StepIndexName) && Name == CommandNames.Confirm) { field = StepIndexName; why = FieldReader.Int(r, 0, Limits.MaxSteps - 1, out StepIndex); }
                else if (Name == CommandNames.SetGains && r.ValueEquals(KpName)) { field = KpName; why = FieldReader.Double(r, 0, Limits.MaxKp, out Kp); }
                else if (Name == CommandNames.SetGains && r.ValueEquals(TiName)) { field = TiName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out Ti); }
                else if (Name == CommandNames.SetGains && r.ValueEquals(TdName)) { field = TdName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out Td); }
                else if (Name == CommandNames.Autotune && r.ValueEquals(TargetCName)) { field = TargetCName; why = FieldReader.Double(r, Limits.MinSetpointC, Limits.MaxSetpointC, out TargetC); }
                else if (Name == CommandNames.Autotune && r.ValueEquals(RuleName)) { field = RuleName; why = FieldReader.OneOf(r, TuningRuleNames.All, out Rule); }
                else if (Name == CommandNames.Autotune && r.ValueEquals(MaxCName)) { field = MaxCName; why = FieldReader.Double(r, Limits.MinSetpointC, Limits.MaxSetpointC, out MaxC); }
                else if (Name == CommandNames.Autotune && r.ValueEquals(MaxSName)) { field = MaxSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out MaxS); }
                else if (Name == CommandNames.BakeJob && r.ValueEquals(BakeCommands.JobField)) { field = null; why = FieldReader.Nest(BakeCommands.JobField, ReadJob(r)); }
                else if (IsWaferButton && r.ValueEquals(BakeCommands.WaferField)) { field = BakeCommands.WaferField; why = FieldReader.Int(r, 0, BakeJobSpec.MaxWafers - 1, out Wafer); }
                else if (Name == CommandNames.WaferDown && r.ValueEquals(BakeCommands.AlreadyDownField)) { field = BakeCommands.AlreadyDownField; why = FieldReader.Bool(r, out AlreadyDown); }
                else if (IsPump && r.ValueEquals(PumpCommands.ChannelField)) { field = PumpCommands.ChannelField; why = FieldReader.Int(r, 0, Limits.MaxChannels - 1, out Channel); }
                else if (IsPump && r.ValueEquals(PumpCommands.SpeedField)) { field = PumpCommands.SpeedField; why = FieldReader.Double(r, 0, 1, out Speed); }
                // Read wide so that CheckSpeeds, not the reader, says what is wrong with the count or a value.
                else if (IsPump && r.ValueEquals(PumpCommands.SpeedsField)) { field = PumpCommands.SpeedsField; why = FieldReader.DoubleArray(r, 64, double.MinValue, double.MaxValue, out Speeds); }
                else if (IsPump && r.ValueEquals(PumpCommands.SecondsField)) { field = PumpCommands.SecondsField; why = FieldReader.Double(r, 0, PumpCommands.MaxSeconds, out Seconds); }
                else if (IsPump && r.ValueEquals(PumpCommands.GramsField)) { field = PumpCommands.GramsField; why = FieldReader.Double(r, 0, PumpCommands.MaxGrams, out Grams); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Name == CommandNames.BakeJob && Job == null) return FieldReader.Required(BakeCommands.JobField, "bake job for bake-job");
            if (IsWaferButton && Wafer < 0) return FieldReader.Required(BakeCommands.WaferField, "wafer index for " + Name);
            if (Id == null) return FieldReader.Required(IdName, "string of 1 to " + Limits.MaxIdLength.ToString() + " characters");
            if (Name == CommandNames.Start && Recipe == null) return FieldReader.Required(RecipeName, "control recipe for start");
            if (Name == CommandNames.Confirm && StepIndex < 0) return FieldReader.Required(StepIndexName, "integer for confirm");
            if (Name == CommandNames.SetGains) return CheckGains();
            if (Name == CommandNames.Autotune) return CheckAutotune();
            if (IsPump) return PumpCommands.Check(Name, Channel, Speed, Speeds, Seconds, Grams);
            return null;
        }

        private string CheckGains()
        {
            if (double.IsNaN(Kp)) return FieldReader.Required(KpName, "number for set-gains");
            if (!(Kp > 0)) return KpName + ": must be greater than 0";
            if (double.IsNaN(Ti)) return FieldReader.Required(TiName, "number for set-gains (0 = no integral)");
            if (double.IsNaN(Td)) return FieldReader.Required(TdName, "number for set-gains (0 = no derivative)");
            return null;
        }

        private string CheckAutotune()
        {
            if (double.IsNaN(TargetC)) return FieldReader.Required(TargetCName, "number for autotune");
            if (!double.IsNaN(MaxC) && !(MaxC > TargetC)) return MaxCName + ": must be above targetC";
            if (!double.IsNaN(MaxS) && !(MaxS > 0)) return MaxSName + ": must be greater than 0";
            return null;
        }

        private bool IsPump
        {
            get { return PumpCommands.IsPumpCommand(Name); }
        }

        private bool IsWaferButton
        {
            get { return Name == CommandNames.WaferDown || Name == CommandNames.WaferRemoved; }
        }

        private string ReadJob(JsonReader r)
        {
            string why = FieldReader.BeginObject(r);
            if (why != null) return why;
            BakeJobSpec job = new BakeJobSpec();
            why = job.Read(r);
            if (why == null) Job = job;
            return why;
        }

        private string ReadRecipe(JsonReader r)
        {
            string why = FieldReader.BeginObject(r);
            if (why != null) return why;
            ControlRecipe recipe = new ControlRecipe();
            why = recipe.Read(r);
            if (why == null) Recipe = recipe;
            return why;
        }
    }
}
