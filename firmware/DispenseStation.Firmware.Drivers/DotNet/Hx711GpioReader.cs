using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Drivers.DotNet
{
    /// <summary>
    /// HX711 raw-count reader for .NET IoT (a Linux board): bit-bangs PD_SCK and reads DOUT through
    /// a GpioController. Unlike the Iot.Device.Hx711 binding it never waits for a conversion:
    /// <see cref="TryRead"/> returns false at once while DOUT is high (no conversion ready), which
    /// is how a disconnected load cell falls silent instead of hanging the loop; and it returns raw
    /// counts, since calibration lives in the core. Not used on the ESP32, where managed GPIO is too
    /// slow for the 60 µs PD_SCK limit and the SPI-based binding is used instead.
    /// </summary>
    public sealed class Hx711GpioReader : ILoadCellAdc
    {
        private readonly GpioController _gpio;
        private readonly int _dataPin;
        private readonly int _clockPin;
        private readonly int _gainPulses;
        private readonly int _samplesPerSecond;
        private int _saturatedReads;

        /// <param name="samplesPerSecond">10 or 80, as strapped by the board's RATE pin.</param>
        /// <param name="gain">128 or 64 (channel A) or 32 (channel B).</param>
        public Hx711GpioReader(GpioController gpio, int dataPin, int clockPin, int samplesPerSecond, int gain)
        {
            if (gpio == null) throw new System.ArgumentNullException("gpio");
            if (samplesPerSecond != 10 && samplesPerSecond != 80)
                throw new System.ArgumentOutOfRangeException("samplesPerSecond", "HX711 runs at 10 or 80 samples/s");
            _gainPulses = Hx711Codec.GainPulses(gain);
            _gpio = gpio;
            _dataPin = dataPin;
            _clockPin = clockPin;
            _samplesPerSecond = samplesPerSecond;
            _gpio.OpenPin(_dataPin, PinMode.Input);
            _gpio.OpenPin(_clockPin, PinMode.Output);
            // PD_SCK low keeps the chip powered up.
            _gpio.Write(_clockPin, PinValue.Low);
        }

        public int SamplesPerSecond { get { return _samplesPerSecond; } }

        /// <summary>Conversions dropped because the ADC sat on a rail (overload or broken bridge).</summary>
        public int SaturatedReads { get { return _saturatedReads; } }

        public bool TryRead(out int rawCounts)
        {
            rawCounts = 0;
            if (_gpio.Read(_dataPin) == PinValue.High) return false;
            int raw = 0;
            for (int bit = 0; bit < 24; bit++)
            {
                _gpio.Write(_clockPin, PinValue.High);
                _gpio.Write(_clockPin, PinValue.Low);
                raw = (raw << 1) | (_gpio.Read(_dataPin) == PinValue.High ? 1 : 0);
            }
            for (int i = 0; i < _gainPulses; i++)
            {
                _gpio.Write(_clockPin, PinValue.High);
                _gpio.Write(_clockPin, PinValue.Low);
            }
            int counts = Hx711Codec.Decode(raw);
            if (Hx711Codec.IsSaturated(counts))
            {
                _saturatedReads++;
                return false;
            }
            rawCounts = counts;
            return true;
        }
    }
}
