namespace DispenseStation.Firmware.Drivers.Devices.SicsBalance
{
    /// <summary>
    /// A byte pipe to a serial device that never blocks the control loop: <see cref="Read"/>
    /// returns what has arrived (0 when nothing has), -1 when the port is gone (USB-serial
    /// adapter unplugged, UART closed). Tests plug a simulated balance in here.
    /// </summary>
    public interface ISerialLink
    {
        /// <returns>bytes copied into <paramref name="buffer"/>; 0 when none waited; -1 when the port is gone</returns>
        int Read(byte[] buffer, int offset, int count);

        /// <returns>false when the port is gone and nothing was sent</returns>
        bool Write(byte[] buffer, int offset, int count);
    }
}
