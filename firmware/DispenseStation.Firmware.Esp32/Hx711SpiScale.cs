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
    /// HX711 through nanoFramework's SPI-based binding (Iot.Device.Hx711.Scale 1.1.x). The binding's
    /// PowerUp and Read poll DOUT with no timeout, so neither runs on the boot thread or the control
    /// loop: <see cref="SampleOnce"/> is the body of a <see cref="SamplerThread"/> (the supervised
    /// worker) and powers the chip up on its first pass. An unplugged load cell blocks only that
    /// worker; <see cref="TryRead"/> falls silent, the core's scale supervision (WeighScale.IsSilent)
    /// turns silence into a fault, and <see cref="IsAbsent"/> lets boot report it in words.
    /// Raw counts only: calibration lives in the core.
    /// </summary>
    public sealed class Hx711SpiScale : ILoadCellAdc, ISampleSource
    {
        private readonly Hx711Binding _scale;
        private readonly IClock _clock;
        private readonly SampleSlot _slot = new SampleSlot();
        private readonly int _samplesPerSecond;
        private readonly long _startedAtMs;
        private readonly long _absentAfterMs;
        private readonly object _gate = new object();
        private bool _poweredUp;
        private int _saturatedReads;

        /// <param name="absentAfterMs">Silence after which the load cell counts as absent (boot and
        /// the serial log report it); a few conversion periods.</param>
        public Hx711SpiScale(SpiDevice spi, IClock clock, int samplesPerSecond, long absentAfterMs)
        {
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (samplesPerSecond <= 0) throw new System.ArgumentOutOfRangeException("samplesPerSecond", "must be positive");
            if (absentAfterMs <= 0) throw new System.ArgumentOutOfRangeException("absentAfterMs", "must be positive");
            _scale = new Hx711Binding(spi, GainLevel.GainA128);
            // One conversion per Read and no offset: the binding then returns the sign-extended
            // 24-bit count as a double (tare and span are the core's).
            _scale.SampleAveraging = 1;
            _scale.Offset = 0;
            _clock = clock;
            _samplesPerSecond = samplesPerSecond;
            _absentAfterMs = absentAfterMs;
            _startedAtMs = clock.UptimeMs;
        }

        public int SamplesPerSecond { get { return _samplesPerSecond; } }

        public int SaturatedReads { get { lock (_gate) { return _saturatedReads; } } }

        /// <summary>True once the chip answered PowerUp (DOUT went low).</summary>
        public bool PoweredUp { get { lock (_gate) { return _poweredUp; } } }

        /// <summary>
        /// Milliseconds without a conversion. The binding's wait resumes by itself when the cell is
        /// reconnected, so silence is reported, not repaired.
        /// </summary>
        public long SilentForMs { get { return _slot.SilentForMs(_clock.UptimeMs, _startedAtMs); } }

        /// <summary>No conversion for longer than the absence limit (also when PowerUp never returned).</summary>
        public bool IsAbsent { get { return SilentForMs > _absentAfterMs; } }

        public void SampleOnce()
        {
            try
            {
                if (!PoweredUp)
                {
                    _scale.PowerUp(GainLevel.None);
                    lock (_gate) { _poweredUp = true; }
                }
                // Already sign-extended by the binding (one conversion, offset 0).
                int counts = (int)_scale.Read();
                if (Hx711Codec.IsSaturated(counts))
                {
                    lock (_gate) { _saturatedReads++; }
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
