using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// dispense/v1/{station}/cmd-result: the station's answer to a command, with the command's id.
    /// A rejection carries the reason; the PackML state is the state after the command.
    /// </summary>
    public sealed class CommandResultMessage
    {
        private const string IdName = "id";
        private const string AcceptedName = "accepted";
        private const string ReasonName = "reason";
        private const string PackMlStateName = "packMlState";

        public long Seq = -1;
        public long UptimeMs = -1;
        public string Utc;

        /// <summary>UTC as Unix ms, written as "utc" when <see cref="Utc"/> is null; -1 = not known (station clock not set).</summary>
        public long UtcMs = -1;
        /// <summary>The id of the command answered.</summary>
        public string Id;
        public bool Accepted;
        /// <summary>Why the command was rejected; required when not accepted.</summary>
        public string Reason;
        /// <summary>One of <see cref="PackMlStates"/>.</summary>
        public string PackMlState;

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteStringProperty(IdName, Id);
            w.WriteBoolProperty(AcceptedName, Accepted);
            if (Reason != null) w.WriteStringProperty(ReasonName, Reason);
            if (PackMlState != null) w.WriteStringProperty(PackMlStateName, PackMlState);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        public static bool TryParse(byte[] payload, int offset, int length, out CommandResultMessage message, out string error)
        {
            CommandResultMessage m = new CommandResultMessage();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private string Read(JsonReader r)
        {
            string why;
            bool hasAccepted = false;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(IdName)) { field = IdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out Id); }
                else if (r.ValueEquals(AcceptedName)) { field = AcceptedName; why = FieldReader.Bool(r, out Accepted); hasAccepted = why == null; }
                else if (r.ValueEquals(ReasonName)) { field = ReasonName; why = FieldReader.String(r, Limits.MaxTextLength, true, out Reason); }
                else if (r.ValueEquals(PackMlStateName)) { field = PackMlStateName; why = FieldReader.OneOf(r, PackMlStates.All, out PackMlState); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Id == null) return FieldReader.Required(IdName, "string");
            if (!hasAccepted) return FieldReader.Required(AcceptedName, "true or false");
            if (!Accepted && Reason == null) return FieldReader.Required(ReasonName, "string when the command is rejected");
            if (PackMlState == null) return FieldReader.Required(PackMlStateName, "PackML state");
            return null;
        }
    }
}
