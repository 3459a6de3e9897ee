using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>Reads the properties of the object the reader has just entered; null, or the broken rule.</summary>
    internal delegate string BodyReader(JsonReader r);
}
