using System;
using System.Collections.Generic;
using System.Device.Spi;
using System.Threading;

// Stand-in for nanoFramework.Iot.Device.Hx711 1.1.945 (nanoFramework.IoT.Device devices/Hx711 at
// commit 122ebb1a). Public surface exactly as listed in NanoApi.listing.txt (ApiListingTests checks
// it); behaviour as the binding's: the gain members are GainA128/GainA64/GainB32, the constructor
// refuses GainLevel.None, PowerUp and Read poll DOUT every 10 ms with no timeout (they block while
// no conversion arrives), Read returns the sign-extended 24-bit value averaged over
// SampleAveraging conversions, minus the double Offset. Test hooks are internal.
namespace Iot.Device.Hx711
{
    public enum GainLevel : byte
    {
        None = 0,
        GainB32 = 0b1010_0000,
        GainA64 = 0b1010_1000,
        GainA128 = 0b1000_0000,
    }

    public class Scale
    {
        public const int DefaultClockFrequency = 700_000;

        public Scale(SpiDevice spiDevice, GainLevel gain = GainLevel.GainA128)
        {
            if (gain == GainLevel.None) throw new ArgumentOutOfRangeException();
            Gain = gain;
            Last = this;
        }

        public double Offset { get; set; } = 0;

        public GainLevel Gain { get; set; }

        public uint SampleAveraging { get; set; } = 3;

        public double Read()
        {
            if (SampleAveraging == 0) throw new ArgumentOutOfRangeException();
            double sum = 0;
            for (int i = 0; i < SampleAveraging; i++) sum += Convert24(WaitForWord());
            return sum / SampleAveraging - Offset;
        }

        public void Tare() => Offset = Read() + Offset;

        public void PowerDown() { }

        public void PowerUp(GainLevel gain = GainLevel.None)
        {
            // The binding waits for DOUT low (the chip's first conversion) before it returns.
            WaitForDoutLow();
            PoweredUp = true;
            if (gain != GainLevel.None) Gain = gain;
        }

        // ---- test hooks (internal: not part of the mirrored surface) ----

        /// <summary>The instance an adapter created last.</summary>
        internal static Scale Last { get; private set; }

        internal bool PoweredUp { get; private set; }

        /// <summary>Raw 24-bit words as the chip shifts them out; each Read takes one per averaged sample.</summary>
        internal void Convert(int raw24)
        {
            lock (_words)
            {
                _words.Enqueue(raw24);
                Monitor.PulseAll(_words);
            }
        }

        /// <summary>DOUT goes low (the chip is there and converting): PowerUp returns.</summary>
        internal void Attach()
        {
            lock (_words)
            {
                _attached = true;
                Monitor.PulseAll(_words);
            }
        }

        /// <summary>Threads currently blocked inside Read or PowerUp.</summary>
        internal int Waiting { get { lock (_words) return _waiting; } }

        private readonly Queue<int> _words = new();
        private bool _attached;
        private int _waiting;

        private void WaitForDoutLow()
        {
            lock (_words)
            {
                _waiting++;
                while (!_attached && _words.Count == 0) Monitor.Wait(_words, 10);
                _waiting--;
            }
        }

        private int WaitForWord()
        {
            lock (_words)
            {
                _waiting++;
                while (_words.Count == 0) Monitor.Wait(_words, 10);
                _waiting--;
                return _words.Dequeue();
            }
        }

        private static int Convert24(int raw) => (raw & 0x800000) != 0 ? (raw & 0xFFFFFF) - 0x1000000 : raw & 0xFFFFFF;
    }
}
