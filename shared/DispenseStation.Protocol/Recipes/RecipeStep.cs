using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Recipes
{
    /// <summary>
    /// One step of a control recipe. Which fields a step needs depends on its kind:
    /// tare: none (timeoutS optional); dose: channel, targetGrams, toleranceGrams, timeoutS;
    /// wait-stable: timeoutS (durationS = how long the scale must stay stable, optional);
    /// mix: durationS; bake: bake segments; prompt: promptText (the operator confirms it).
    /// Fields a kind does not use are written only when set and ignored by the station.
    /// </summary>
    public sealed class RecipeStep
    {
        private const string KindName = "kind";
        private const string NameName = "name";
        private const string ChannelName = "channel";
        private const string TargetGramsName = "targetGrams";
        private const string ToleranceGramsName = "toleranceGrams";
        private const string TimeoutSName = "timeoutS";
        private const string DurationSName = "durationS";
        private const string PromptTextName = "promptText";
        private const string BakeName = "bake";

        /// <summary>One of <see cref="StepKinds"/>.</summary>
        public string Kind;
        /// <summary>Shown to operators and in the batch record.</summary>
        public string Name;
        /// <summary>Dose: pump channel 0..7; -1 when absent.</summary>
        public int Channel = -1;
        /// <summary>Dose: grams to add (4 decimals).</summary>
        public double TargetGrams = double.NaN;
        /// <summary>Dose: accepted absolute deviation, symmetric: |actual - target| &lt;= tolerance.</summary>
        public double ToleranceGrams = double.NaN;
        /// <summary>Seconds before the step fails.</summary>
        public double TimeoutS = double.NaN;
        /// <summary>Mix: mixing time; wait-stable: required stable time. Seconds.</summary>
        public double DurationS = double.NaN;
        /// <summary>Prompt: what the operator must do and confirm.</summary>
        public string PromptText;
        /// <summary>Bake: the profile, in order.</summary>
        public BakeSegment[] Bake;

        internal void WriteTo(JsonWriter w)
        {
            w.BeginObject();
            w.WriteStringProperty(KindName, Kind);
            w.WriteStringProperty(NameName, Name);
            if (Channel >= 0) w.WriteIntegerProperty(ChannelName, Channel);
            MessageHeader.WriteOptional(w, TargetGramsName, TargetGrams, Decimals.Grams);
            MessageHeader.WriteOptional(w, ToleranceGramsName, ToleranceGrams, Decimals.Grams);
            MessageHeader.WriteOptional(w, TimeoutSName, TimeoutS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, DurationSName, DurationS, Decimals.Seconds);
            if (PromptText != null) w.WriteStringProperty(PromptTextName, PromptText);
            if (Bake != null)
            {
                w.WriteName(BakeName);
                w.BeginArray();
                for (int i = 0; i < Bake.Length; i++) Bake[i].WriteTo(w);
                w.EndArray();
            }
            w.EndObject();
        }

        /// <summary>Reads the object the reader is on (StartObject).</summary>
        internal string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(KindName)) { field = KindName; why = FieldReader.OneOf(r, StepKinds.All, out Kind); }
                else if (r.ValueEquals(NameName)) { field = NameName; why = FieldReader.String(r, Limits.MaxNameLength, false, out Name); }
                else if (r.ValueEquals(ChannelName)) { field = ChannelName; why = FieldReader.Int(r, 0, Limits.MaxChannels - 1, out Channel); }
                else if (r.ValueEquals(TargetGramsName)) { field = TargetGramsName; why = FieldReader.Double(r, 0, Limits.MaxGrams, out TargetGrams); }
                else if (r.ValueEquals(ToleranceGramsName)) { field = ToleranceGramsName; why = FieldReader.Double(r, 0, Limits.MaxGrams, out ToleranceGrams); }
                else if (r.ValueEquals(TimeoutSName)) { field = TimeoutSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out TimeoutS); }
                else if (r.ValueEquals(DurationSName)) { field = DurationSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out DurationS); }
                else if (r.ValueEquals(PromptTextName)) { field = PromptTextName; why = FieldReader.String(r, Limits.MaxTextLength, true, out PromptText); }
                else if (r.ValueEquals(BakeName)) { field = null; why = FieldReader.Nest(BakeName, ReadBake(r)); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            return CheckKind();
        }

        private string CheckKind()
        {
            if (Kind == null) return FieldReader.Required(KindName, "step kind (" + FieldReader.Join(StepKinds.All) + ")");
            if (Name == null) return FieldReader.Required(NameName, "string");
            if (Kind == StepKinds.Dose)
            {
                if (Channel < 0) return FieldReader.Required(ChannelName, "integer for a dose step");
                if (double.IsNaN(TargetGrams)) return FieldReader.Required(TargetGramsName, "number");
                if (!(TargetGrams > 0)) return TargetGramsName + ": must be greater than 0";
                if (double.IsNaN(ToleranceGrams)) return FieldReader.Required(ToleranceGramsName, "number");
                if (!(ToleranceGrams > 0) || ToleranceGrams >= TargetGrams) return ToleranceGramsName + ": must be greater than 0 and less than targetGrams";
                if (double.IsNaN(TimeoutS)) return FieldReader.Required(TimeoutSName, "number");
            }
            else if (Kind == StepKinds.WaitStable)
            {
                if (double.IsNaN(TimeoutS)) return FieldReader.Required(TimeoutSName, "number for a wait-stable step");
            }
            else if (Kind == StepKinds.Mix)
            {
                if (double.IsNaN(DurationS)) return FieldReader.Required(DurationSName, "number for a mix step");
            }
            else if (Kind == StepKinds.Bake)
            {
                if (Bake == null || Bake.Length == 0) return FieldReader.Required(BakeName, "array of 1 to " + Limits.MaxBakeSegments.ToString() + " segments for a bake step");
            }
            else if (Kind == StepKinds.Prompt)
            {
                if (PromptText == null) return FieldReader.Required(PromptTextName, "string for a prompt step");
            }
            if (!double.IsNaN(TimeoutS) && !(TimeoutS > 0)) return TimeoutSName + ": must be greater than 0";
            if (Kind == StepKinds.Mix && !(DurationS > 0)) return DurationSName + ": must be greater than 0";
            return null;
        }

        private string ReadBake(JsonReader r)
        {
            string why = FieldReader.BeginArray(r);
            if (why != null) return why;
            BakeSegment[] items = new BakeSegment[Limits.MaxBakeSegments];
            int count = 0;
            while (true)
            {
                if (!r.Read()) return FieldReader.JsonError(r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (count == Limits.MaxBakeSegments) return ": must have at most " + Limits.MaxBakeSegments.ToString() + " segments";
                if (r.TokenType != JsonTokenType.StartObject) return FieldReader.Item(count, ": must be an object");
                BakeSegment segment = new BakeSegment();
                why = segment.Read(r);
                if (why != null) return FieldReader.Item(count, why);
                items[count++] = segment;
            }
            Bake = new BakeSegment[count];
            for (int i = 0; i < count; i++) Bake[i] = items[i];
            return null;
        }
    }
}
