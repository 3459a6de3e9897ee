using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Recipes
{
    /// <summary>
    /// What the gateway asks one station to run: the dispense plan already resolved to pump
    /// channels and grams, plus bake profiles. Carried by the start command. The parser checks
    /// every field and the kind-specific rules, and that the doses fit in the bottle; the station
    /// then checks its own limits (channels fitted, plate maximum) before accepting.
    /// </summary>
    public sealed class ControlRecipe
    {
        private const string BatchIdName = "batchId";
        private const string RecipeNameName = "recipeName";
        private const string MaxBottleGramsName = "maxBottleGrams";
        private const string StepsName = "steps";

        /// <summary>Batch record id, 1-64 characters.</summary>
        public string BatchId;
        /// <summary>The engineer's recipe name (for display and the record).</summary>
        public string RecipeName;
        /// <summary>Most the bottle may hold, g: the station stops dosing above it (overfill).</summary>
        public double MaxBottleGrams = double.NaN;
        public RecipeStep[] Steps;

        /// <summary>Total grams of all dose steps.</summary>
        public double TotalDoseGrams()
        {
            double total = 0;
            if (Steps == null) return 0;
            for (int i = 0; i < Steps.Length; i++)
            {
                if (Steps[i].Kind == StepKinds.Dose && !double.IsNaN(Steps[i].TargetGrams)) total += Steps[i].TargetGrams;
            }
            return total;
        }

        /// <summary>Writes the recipe as one JSON object at the writer's position (no reset).</summary>
        public void WriteTo(JsonWriter w)
        {
            w.BeginObject();
            w.WriteStringProperty(BatchIdName, BatchId);
            if (RecipeName != null) w.WriteStringProperty(RecipeNameName, RecipeName);
            w.WriteNumberProperty(MaxBottleGramsName, MaxBottleGrams, Decimals.Grams);
            w.WriteName(StepsName);
            w.BeginArray();
            if (Steps != null)
            {
                for (int i = 0; i < Steps.Length; i++) Steps[i].WriteTo(w);
            }
            w.EndArray();
            w.EndObject();
        }

        /// <summary>Bytes the recipe takes as the station stores it (<see cref="WriteTo"/> into
        /// <paramref name="scratch"/>, which is reset first), to compare with <see cref="Limits.MaxRecipeBytes"/>;
        /// -1 when it does not fit in <paramref name="scratch"/>.</summary>
        public int EncodedLength(JsonWriter scratch)
        {
            scratch.Reset();
            WriteTo(scratch);
            return scratch.Overflowed ? -1 : scratch.Length;
        }

        /// <summary>Parses a standalone recipe document (for files and tools).</summary>
        public static bool TryParse(byte[] payload, int offset, int length, out ControlRecipe recipe, out string error)
        {
            ControlRecipe m = new ControlRecipe();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            recipe = error == null ? m : null;
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
                if (r.ValueEquals(BatchIdName)) { field = BatchIdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out BatchId); }
                else if (r.ValueEquals(RecipeNameName)) { field = RecipeNameName; why = FieldReader.String(r, Limits.MaxNameLength, true, out RecipeName); }
                else if (r.ValueEquals(MaxBottleGramsName)) { field = MaxBottleGramsName; why = FieldReader.Double(r, 0, Limits.MaxGrams, out MaxBottleGrams); }
                else if (r.ValueEquals(StepsName)) { field = null; why = FieldReader.Nest(StepsName, ReadSteps(r)); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (BatchId == null) return FieldReader.Required(BatchIdName, "string");
            if (double.IsNaN(MaxBottleGrams)) return FieldReader.Required(MaxBottleGramsName, "number");
            if (!(MaxBottleGrams > 0)) return MaxBottleGramsName + ": must be greater than 0";
            if (Steps == null || Steps.Length == 0) return FieldReader.Required(StepsName, "array of 1 to " + Limits.MaxSteps.ToString() + " steps");
            double total = TotalDoseGrams();
            if (total > MaxBottleGrams)
            {
                return StepsName + ": dose steps add up to " + total.ToString("F3") + " g, more than maxBottleGrams " + MaxBottleGrams.ToString("F3") + " g";
            }
            return null;
        }

        private string ReadSteps(JsonReader r)
        {
            string why = FieldReader.BeginArray(r);
            if (why != null) return why;
            RecipeStep[] items = new RecipeStep[Limits.MaxSteps];
            int count = 0;
            while (true)
            {
                if (!r.Read()) return FieldReader.JsonError(r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (count == Limits.MaxSteps) return ": must have at most " + Limits.MaxSteps.ToString() + " steps";
                if (r.TokenType != JsonTokenType.StartObject) return FieldReader.Item(count, ": must be an object");
                RecipeStep step = new RecipeStep();
                why = step.Read(r);
                if (why != null) return FieldReader.Item(count, why);
                items[count++] = step;
            }
            Steps = new RecipeStep[count];
            for (int i = 0; i < count; i++) Steps[i] = items[i];
            return null;
        }
    }
}
