namespace DispenseStation.Protocol.Json
{
    /// <summary>Why a document is not valid JSON, and where: Position is the byte offset from the
    /// start of the document (not of the caller's array).</summary>
    public sealed class JsonParseError
    {
        public JsonParseError(int position, string reason)
        {
            Position = position;
            Reason = reason;
        }

        public int Position { get; private set; }

        public string Reason { get; private set; }

        public override string ToString()
        {
            return "invalid JSON at byte " + Position.ToString() + ": " + Reason;
        }
    }
}
