using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>The frame every TryParse shares: one top-level object, nothing after it.</summary>
    internal static class MessageDocument
    {
        /// <summary>Null when <paramref name="body"/> read the payload's object cleanly, else the error.</summary>
        public static string Parse(byte[] payload, int offset, int length, BodyReader body)
        {
            JsonReader r = new JsonReader(payload, offset, length);
            string error = FieldReader.BeginDocument(r);
            if (error == null) error = body(r);
            if (error == null) error = FieldReader.End(r);
            return error;
        }
    }
}
