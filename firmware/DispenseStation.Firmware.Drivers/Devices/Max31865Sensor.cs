using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;
using Iot.Device.Max31865;

namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>
    /// Plate RTD through a MAX31865, with the Iot.Device.Max31865 binding (same members on .NET IoT
    /// and nanoFramework). A binding read takes ~75 ms (bias settle + one-shot conversion) and
    /// allocates, so <see cref="SampleOnce"/> runs on a <see cref="SamplerThread"/>; the control
    /// loop's <see cref="TryRead"/> only looks at the latest sample and never blocks or allocates.
    /// </summary>
    public sealed class Max31865Sensor : ITemperatureSensor, ISampleSource
    {
        private readonly Max31865 _device;
        private readonly IClock _clock;
        private readonly SampleSlot _slot = new SampleSlot();
        private readonly long _staleAfterMs;
        private readonly double _minCelsius;
        private readonly double _maxCelsius;

        /// <param name="staleAfterMs">A sample older than this reads as <see cref="SensorFaults.NoResponse"/>.</param>
        /// <param name="minCelsius">Below this the reading is a wiring fault, not a temperature.</param>
        /// <param name="maxCelsius">Above this likewise (and far above any bake).</param>
        public Max31865Sensor(Max31865 device, IClock clock, long staleAfterMs, double minCelsius, double maxCelsius)
        {
            if (device == null) throw new System.ArgumentNullException("device");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (staleAfterMs <= 0) throw new System.ArgumentOutOfRangeException("staleAfterMs", "must be positive");
            if (!(minCelsius < maxCelsius)) throw new System.ArgumentOutOfRangeException("maxCelsius", "must be above minCelsius");
            _device = device;
            _clock = clock;
            _staleAfterMs = staleAfterMs;
            _minCelsius = minCelsius;
            _maxCelsius = maxCelsius;
        }

        /// <summary>Samples taken so far.</summary>
        public int SampleCount { get { return _slot.Count; } }

        public void SampleOnce()
        {
            double celsius;
            int faults;
            try
            {
                // Temperature clears old faults and converts; Faults then reports this conversion's.
                celsius = _device.Temperature.DegreesCelsius;
                FaultStatus status = _device.Faults;
                faults = RtdFaults.FromFlags(status.HighThreshold, status.LowThreshold, status.ReferenceInHigh,
                    status.ReferenceInLow, status.ResistanceTemperatureDetectorLow, status.OverUnderVoltage);
                if (faults == SensorFaults.None) faults = RtdFaults.CheckPlausible(celsius, _minCelsius, _maxCelsius);
            }
            catch (System.Exception)
            {
                celsius = double.NaN;
                faults = SensorFaults.NoResponse;
            }
            _slot.Post(celsius, faults, _clock.UptimeMs);
        }

        public bool TryRead(out double celsius, out int faultBits)
        {
            long takenAt;
            if (!_slot.TryPeek(out celsius, out faultBits, out takenAt) || _clock.UptimeMs - takenAt > _staleAfterMs)
            {
                faultBits = SensorFaults.NoResponse;
                return false;
            }
            return faultBits == SensorFaults.None;
        }
    }
}
