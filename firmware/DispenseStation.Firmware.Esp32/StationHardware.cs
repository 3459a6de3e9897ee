using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>The ports Program builds from the ESP32's drivers, handed to <see cref="StationAssembly"/>.
    /// Tests fill it with simulated ports to measure the same assembly on .NET.</summary>
    public sealed class StationHardware
    {
        public IClock Clock;
        public ILoadCellAdc LoadCell;
        public ITemperatureSensor PlateSensor;
        public IHeaterOutput Heater;
        public IPumpOutput[] Pumps;

        /// <summary>Active = pressed or wire cut.</summary>
        public IDigitalInput EStop;

        /// <summary>Active = plate lid open: blocks the heater.</summary>
        public IDigitalInput Lid;

        /// <summary>Active = no bottle on the scale: blocks the pumps.</summary>
        public IDigitalInput BottleAbsent;

        public IMessageLink Link;
        public IFileStore Store;

        /// <summary>Optional: calendar time for the messages (SNTP-set RTC on the ESP32).</summary>
        public IWallClock WallClock;
    }
}
