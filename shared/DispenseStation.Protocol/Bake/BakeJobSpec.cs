using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>
    /// What the gateway asks one station to bake, carried by the bake-job command: a versioned bake
    /// profile (its segments) run on N wafers, one after another. Per wafer the station stabilises
    /// the plate, prompts "place wafer", waits for wafer-down, counts time on plate from wafer-down
    /// through the segments' hold times, then prompts "remove wafer". A segment's holdS is time on
    /// the plate, not time in band. The station checks its own limits again before accepting.
    /// </summary>
    public sealed class BakeJobSpec
    {
        public const int MaxWafers = 100;
        /// <summary>Heat capacity of a 300 mm wafer is ~90 J/K; anything far above is not a wafer.</summary>
        public const double MaxWaferHeatCapacityJPerK = 500;

        private const string JobIdName = "jobId";
        private const string ProfileName = "profile";
        private const string ProfileVersionName = "profileVersion";
        private const string WafersName = "wafers";
        private const string SegmentsName = "segments";
        private const string WaferHeatCapacityName = "waferHeatCapacityJPerK";
        private const string WaferCName = "waferC";
        private const string WaferTauSName = "waferTauS";
        private const string StableSName = "stableS";
        private const string PlaceTimeoutSName = "placeTimeoutS";
        private const string RemoveGraceSName = "removeGraceS";
        private const string MaxBackdateSName = "maxBackdateS";

        /// <summary>Bake job id, 1-64 characters.</summary>
        public string JobId;
        /// <summary>Profile name and version (for events and records; the station does not look them up).</summary>
        public string Profile;
        public int ProfileVersion = -1;
        /// <summary>How many wafers, 1..MaxWafers.</summary>
        public int Wafers = -1;
        /// <summary>The profile; the first segment's setpoint is where the plate waits for each wafer.</summary>
        public BakeSegment[] Segments;
        /// <summary>Wafer heat capacity, J/K (for the wafer temperature estimate and feed-forward).</summary>
        public double WaferHeatCapacityJPerK = double.NaN;
        /// <summary>Time constant of the wafer heating on the plate, s: its heat capacity over the
        /// conductance of the proximity gap (optional, default 4.1 s: 200 mm silicon on a 0.1 mm gap).</summary>
        public double WaferTauS = double.NaN;
        /// <summary>Temperature of a wafer as it is placed, °C (optional, default 22).</summary>
        public double WaferC = double.NaN;
        /// <summary>How long the plate must stay in band before "place wafer", s (optional, default 10).</summary>
        public double StableS = double.NaN;
        /// <summary>After "place wafer", how long to wait for wafer-down before the down-timeout prompt, s (optional, default 120).</summary>
        public double PlaceTimeoutS = double.NaN;
        /// <summary>Removal later than this after the bake ended is an overbake, s (optional, default 3).</summary>
        public double RemoveGraceS = double.NaN;
        /// <summary>A wafer-down with alreadyDown may be back-dated to a withdrawn landing at most this old at the press, s
        /// (optional, default 30; at most the time on plate).</summary>
        public double MaxBackdateS = double.NaN;

        /// <summary>Planned time on plate: the segments' hold times added up, s.</summary>
        public double TimeOnPlateS()
        {
            double total = 0;
            if (Segments == null) return 0;
            for (int i = 0; i < Segments.Length; i++) total += Segments[i].HoldS;
            return total;
        }

        /// <summary>Writes the job as one JSON object at the writer's position (no reset).</summary>
        public void WriteTo(JsonWriter w)
        {
            w.BeginObject();
            w.WriteStringProperty(JobIdName, JobId);
            if (Profile != null) w.WriteStringProperty(ProfileName, Profile);
            if (ProfileVersion >= 0) w.WriteIntegerProperty(ProfileVersionName, ProfileVersion);
            w.WriteIntegerProperty(WafersName, Wafers);
            w.WriteName(SegmentsName);
            w.BeginArray();
            if (Segments != null)
            {
                for (int i = 0; i < Segments.Length; i++) Segments[i].WriteTo(w);
            }
            w.EndArray();
            MessageHeader.WriteOptional(w, WaferHeatCapacityName, WaferHeatCapacityJPerK, Decimals.Temperature);
            MessageHeader.WriteOptional(w, WaferCName, WaferC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, WaferTauSName, WaferTauS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, StableSName, StableS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, PlaceTimeoutSName, PlaceTimeoutS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, RemoveGraceSName, RemoveGraceS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, MaxBackdateSName, MaxBackdateS, Decimals.Seconds);
            w.EndObject();
        }

        /// <summary>Parses a standalone job document (for files and tools).</summary>
        public static bool TryParse(byte[] payload, int offset, int length, out BakeJobSpec job, out string error)
        {
            BakeJobSpec m = new BakeJobSpec();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            job = error == null ? m : null;
            return error == null;
        }

        /// <summary>Reads the object the reader is on (StartObject).</summary>
        internal string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(JobIdName)) { field = JobIdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out JobId); }
                else if (r.ValueEquals(ProfileName)) { field = ProfileName; why = FieldReader.String(r, Limits.MaxNameLength, true, out Profile); }
                else if (r.ValueEquals(ProfileVersionName)) { field = ProfileVersionName; why = FieldReader.Int(r, 1, int.MaxValue, out ProfileVersion); }
                else if (r.ValueEquals(WafersName)) { field = WafersName; why = FieldReader.Int(r, 1, MaxWafers, out Wafers); }
                else if (r.ValueEquals(SegmentsName)) { field = null; why = FieldReader.Nest(SegmentsName, ReadSegments(r)); }
                else if (r.ValueEquals(WaferHeatCapacityName)) { field = WaferHeatCapacityName; why = FieldReader.Double(r, 0, MaxWaferHeatCapacityJPerK, out WaferHeatCapacityJPerK); }
                else if (r.ValueEquals(WaferCName)) { field = WaferCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxSetpointC, out WaferC); }
                else if (r.ValueEquals(WaferTauSName)) { field = WaferTauSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out WaferTauS); }
                else if (r.ValueEquals(StableSName)) { field = StableSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out StableS); }
                else if (r.ValueEquals(PlaceTimeoutSName)) { field = PlaceTimeoutSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out PlaceTimeoutS); }
                else if (r.ValueEquals(RemoveGraceSName)) { field = RemoveGraceSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out RemoveGraceS); }
                else if (r.ValueEquals(MaxBackdateSName)) { field = MaxBackdateSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out MaxBackdateS); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (JobId == null) return FieldReader.Required(JobIdName, "string");
            if (Wafers < 0) return FieldReader.Required(WafersName, "integer of 1 to " + MaxWafers.ToString());
            if (Segments == null || Segments.Length == 0) return FieldReader.Required(SegmentsName, "array of 1 to " + Limits.MaxBakeSegments.ToString() + " segments");
            if (!(TimeOnPlateS() > 0)) return SegmentsName + ": the hold times must add up to more than 0 s (time on plate)";
            if (!double.IsNaN(WaferHeatCapacityJPerK) && !(WaferHeatCapacityJPerK > 0)) return WaferHeatCapacityName + ": must be greater than 0";
            if (!double.IsNaN(WaferTauS) && !(WaferTauS > 0)) return WaferTauSName + ": must be greater than 0";
            if (!double.IsNaN(PlaceTimeoutS) && !(PlaceTimeoutS > 0)) return PlaceTimeoutSName + ": must be greater than 0";
            if (!double.IsNaN(MaxBackdateS) && !(MaxBackdateS > 0 && MaxBackdateS <= TimeOnPlateS()))
                return MaxBackdateSName + ": must be greater than 0 and at most the time on plate (" + TimeOnPlateS().ToString("F1") + " s)";
            return null;
        }

        private string ReadSegments(JsonReader r)
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
            Segments = new BakeSegment[count];
            for (int i = 0; i < count; i++) Segments[i] = items[i];
            return null;
        }
    }
}
