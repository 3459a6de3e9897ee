namespace DispenseStation.Protocol.Json
{
    /// <summary>The token the <see cref="JsonReader"/> is positioned on.</summary>
    public enum JsonTokenType
    {
        None,
        StartObject,
        EndObject,
        StartArray,
        EndArray,
        PropertyName,
        String,
        Number,
        True,
        False,
        Null
    }
}
