using System.Device.Spi;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;
using Iot.Device.Hx711;

namespace DispenseStation.Firmware.Esp32
{
    // Inside this namespace 'Scale' would name the core's DispenseStation.Firmware.Scale namespace.
    using Hx711Binding = Iot.Device.Hx711.Scale;

    /// <summary>
    /// HX711 through nanoFramework's SPI-based binding (Iot.Device.Hx711.Scale). Its Read() waits
    /// for a conversion without a timeout, so it runs on a <see cref="SamplerThread"/>: if the load
    /// cell is unplugged only that thread blocks and <see cref="TryRead"/> falls silent, which the
    /// core's scale supervision turns into a fault. Raw counts only: calibration lives in the core.
    /// </summary>
    public sealed class Hx711SpiScale : ILoadCellAdc, ISampleSource
    {
        private readonly Hx711Binding _scale;
        private readonly IClock _clock;
        private readonly SampleSlot _slot = new SampleSlot();
        private readonly int _samplesPerSecond;
        private readonly long _startedAtMs;
        private int _saturatedReads;

        public Hx711SpiScale(SpiDevice spi, IClock clock, int samplesPerSecond)
        {
            _scale = new Hx711Binding(spi, GainLevel.Gain128);
            // One conversion per Read and no offset: the binding then returns the raw 24-bit word.
            _scale.SampleAveraging = 1;
            _scale.Offset = 0;
            _clock = clock;
            _samplesPerSecond = samplesPerSecond;
            _startedAtMs = clock.UptimeMs;
            _scale.PowerUp();
        }

        public int SamplesPerSecond { get { return _samplesPerSecond; } }

        public int SaturatedReads { get { return _saturatedReads; } }

        /// <summary>
        /// Milliseconds without a conversion. The binding's wait polls DOUT every 10 ms and
        /// resumes by itself when the cell is reconnected, so silence is reported, not repaired.
        /// </summary>
        public long SilentForMs { get { return _slot.SilentForMs(_clock.UptimeMs, _startedAtMs); } }

        public void SampleOnce()
        {
            try
            {
                // The binding assembles the 24 bits without sign extension.
                int counts = Hx711Codec.Decode((int)_scale.Read());
                if (Hx711Codec.IsSaturated(counts))
                {
                    _saturatedReads++;
                    return;
                }
                _slot.Post(counts, 0, _clock.UptimeMs);
            }
            catch (System.Exception)
            {
                // A failed transfer posts nothing: the scale falls silent, as a fault should.
                System.Threading.Thread.Sleep(100);
            }
        }

        public bool TryRead(out int rawCounts)
        {
            double value;
            int faults;
            long takenAt;
            if (!_slot.TryTake(out value, out faults, out takenAt))
            {
                rawCounts = 0;
                return false;
            }
            rawCounts = (int)value;
            return true;
        }
    }
}
