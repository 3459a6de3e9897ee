namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// Follows the MQTT framing of one client's byte stream (fixed header: type byte, then the
/// "remaining length" as a variable byte integer of at most four bytes, MQTT 5.0 section 1.5.5)
/// and stops a packet whose announced length is over the limit before its body is buffered.
/// The first packet is the CONNECT, checked against its own, smaller limit: MQTTnet would
/// otherwise allocate the whole announced body (up to 256 MB) before authenticating anyone.
/// </summary>
public sealed class PacketSizeGuard(int maxConnectBytes, int maxPacketBytes)
{
    private enum Part { TypeByte, Length, Body }

    private Part _part = Part.TypeByte;
    private int _packetType;
    private long _length;
    private int _lengthBytes;
    private long _bodyLeft;
    private bool _connectSeen;

    /// <summary>Null while the bytes so far are within limits; else why the connection must close.</summary>
    public string? Inspect(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_part)
            {
                case Part.TypeByte:
                    _packetType = bytes[i++] >> 4;
                    _length = 0;
                    _lengthBytes = 0;
                    _part = Part.Length;
                    break;
                case Part.Length:
                    var b = bytes[i++];
                    _length |= (long)(b & 0x7F) << (7 * _lengthBytes);
                    _lengthBytes++;
                    if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4) return "malformed remaining length (more than 4 bytes)";
                        break;
                    }
                    var connect = !_connectSeen;
                    var limit = connect ? maxConnectBytes : maxPacketBytes;
                    if (connect && _packetType != 1) return $"first packet is type {_packetType}, not CONNECT";
                    if (_length > limit) return $"{(connect ? "CONNECT" : "packet")} of {_length} bytes is over the limit of {limit}";
                    _connectSeen = true;
                    _bodyLeft = _length;
                    _part = _bodyLeft == 0 ? Part.TypeByte : Part.Body;
                    break;
                default:
                    var take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0) _part = Part.TypeByte;
                    break;
            }
        }
        return null;
    }
}
