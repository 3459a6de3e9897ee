using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// A command from the gateway on dispense/v1/{station}/cmd/{name}. The name comes from the topic,
    /// the payload carries the id (commands are idempotent by id), the gateway's sequence number and
    /// the arguments: start carries "recipe" (a <see cref="ControlRecipe"/>), confirm carries
    /// "stepIndex" (the prompt step confirmed); the others have none.
    /// </summary>
    public sealed class CommandMessage
    {
        private const string IdName = "id";
        private const string RecipeName = "recipe";
        private const string StepIndexName = "stepIndex";

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
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Id == null) return FieldReader.Required(IdName, "string of 1 to " + Limits.MaxIdLength.ToString() + " characters");
            if (Name == CommandNames.Start && Recipe == null) return FieldReader.Required(RecipeName, "control recipe for start");
            if (Name == CommandNames.Confirm && StepIndex < 0) return FieldReader.Required(StepIndexName, "integer for confirm");
            return null;
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
