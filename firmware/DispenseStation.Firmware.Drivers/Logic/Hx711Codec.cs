namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>HX711 data word handling: 24-bit two's complement, saturating at the rails.</summary>
    public static class Hx711Codec
    {
        public const int MaxCount = 0x7FFFFF;
        public const int MinCount = -0x800000;

        /// <summary>Sign-extends the 24 data bits (MSB first as shifted out by the chip).</summary>
        public static int Decode(int raw24)
        {
            raw24 &= 0xFFFFFF;
            return (raw24 & 0x800000) != 0 ? raw24 - 0x1000000 : raw24;
        }

        /// <summary>
        /// True when the ADC sits on a rail: the input is out of range (overload, broken bridge wire).
        /// Such a reading is not a weight.
        /// </summary>
        public static bool IsSaturated(int counts)
        {
            return counts >= MaxCount || counts <= MinCount;
        }

        /// <summary>Extra PD_SCK pulses after the 24 data bits select the next conversion's input:
        /// 1 = channel A gain 128, 2 = channel B gain 32, 3 = channel A gain 64.</summary>
        public static int GainPulses(int gain)
        {
            if (gain == 128) return 1;
            if (gain == 32) return 2;
            if (gain == 64) return 3;
            throw new System.ArgumentOutOfRangeException("gain", "HX711 gain must be 128, 64 or 32");
        }
    }
}
