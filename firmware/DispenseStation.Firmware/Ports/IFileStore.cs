namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// Raw non-volatile storage of small named blobs (internal flash on the ESP32, a folder on .NET).
    /// A write may be torn by a power cut; the core's durable store above this port makes records
    /// survive that (two slots, sequence number, checksum).
    /// </summary>
    public interface IFileStore
    {
        /// <summary>The whole blob, or null when it does not exist.</summary>
        byte[] Read(string name);

        /// <summary>Replaces the blob with the first <paramref name="length"/> bytes of <paramref name="data"/>.</summary>
        void Write(string name, byte[] data, int length);

        void Delete(string name);
    }
}
