using System;
using System.IO;
using System.IO.Ports;

namespace DispenseStation.Firmware.Drivers.Devices.SicsBalance
{
    /// <summary>
    /// <see cref="ISerialLink"/> over <c>System.IO.Ports.SerialPort</c>. The members used here
    /// (<c>BytesToRead</c>, <c>Read(byte[], int, int)</c>, <c>Write(byte[], int, int)</c>,
    /// <c>IsOpen</c>) have the same names and meaning in .NET's System.IO.Ports package and in
    /// nanoFramework.System.IO.Ports, so this one adapter serves the Linux gateway board and the
    /// ESP32 (where the app first routes the UART pins with <c>Configuration.SetPinFunction(pin,
    /// DeviceFunction.COM2_RX/COM2_TX)</c>). Both ports' <c>Read</c> wait or throw when nothing has
    /// arrived, so it reads only what <c>BytesToRead</c> says is there and never blocks the loop.
    /// A port that throws (USB-serial adapter pulled, UART closed) reads as gone (-1), never as data.
    /// </summary>
    public sealed class SerialPortLink : ISerialLink
    {
        private readonly SerialPort _port;

        /// <param name="port">opened by the caller at the balance's settings (MT-SICS default 9600 8N1, no handshake)</param>
        public SerialPortLink(SerialPort port)
        {
            if (port == null) throw new ArgumentNullException("port");
            _port = port;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                if (!_port.IsOpen) return -1;
                int waiting = _port.BytesToRead;
                if (waiting <= 0) return 0;
                return _port.Read(buffer, offset, waiting < count ? waiting : count);
            }
            catch (IOException) { return -1; }
            catch (InvalidOperationException) { return -1; }
            catch (UnauthorizedAccessException) { return -1; }
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                if (!_port.IsOpen) return false;
                _port.Write(buffer, offset, count);
                return true;
            }
            catch (IOException) { return false; }
            catch (InvalidOperationException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
            catch (TimeoutException) { return false; }
        }
    }
}
