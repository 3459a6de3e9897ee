namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// The MQTT link as the core sees it. The host owns connecting, the last will and reconnecting
    /// with backoff (nanoFramework.M2Mqtt on the ESP32, MQTTnet on .NET). Received messages are
    /// queued by the implementation and polled by the station worker, which parses them off the
    /// control tick (<see cref="Station.StationWorker"/>); publishing is the station loop's. The
    /// two sides are called from different threads.
    /// </summary>
    public interface IMessageLink
    {
        bool IsConnected { get; }

        /// <summary>Counts successful connects; a change tells the core to re-publish retained
        /// state and flush its outbox.</summary>
        int ConnectionEpoch { get; }

        /// <summary>Publishes the first <paramref name="length"/> bytes of <paramref name="payload"/>.
        /// False when not connected or the client refused it; the caller keeps the message.</summary>
        bool Publish(string topic, byte[] payload, int length, bool retain);

        /// <summary>Next received message, if any. The payload array belongs to the caller.</summary>
        bool TryReceive(out string topic, out byte[] payload);
    }
}
