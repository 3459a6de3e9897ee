using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// What each channel's tube holds on its way to the bottle, modelled from the flow the doser
    /// commands. Liquid leaves the tube tip in laminar (Hagen-Poiseuille) flow under the head of
    /// what the tip holds, so the outflow is the held mass over a drain time constant that grows
    /// with viscosity: held' = pumped - held / tau. At water-like viscosity tau is a fraction of a
    /// second and the tip holds one steady amount soon after every speed change; at 1000 cP it is
    /// seconds, and a short dribble after the slow phase still carries most of the slow phase's
    /// liquid. The doser scales its learned in-flight mass (steady dribble) by held / steady held,
    /// so it knows how much is still coming at any moment, including after a phase that did not
    /// last long enough to reach its steady state.
    /// Arrays are allocated in the constructor; <see cref="Advance"/> and <see cref="SetFlow"/>
    /// never allocate (nanoFramework).
    /// </summary>
    public sealed class TubeDrain
    {
        // The time constants are read from the settings, not copied: a copy was 60 B of the ESP32's start-up heap.
        private readonly DoseChannelSettings[] _channels;
        private readonly double[] _held;
        private readonly double[] _flow;
        private readonly double[] _landed;
        private readonly long[] _atMs;

        public TubeDrain(DoseChannelSettings[] channels, long nowMs)
        {
            if (channels == null) throw new ArgumentNullException("channels");
            _channels = channels;
            _held = new double[channels.Length];
            _flow = new double[channels.Length];
            _landed = new double[channels.Length];
            _atMs = new long[channels.Length];
            for (int i = 0; i < channels.Length; i++) _atMs[i] = nowMs;
        }

        /// <summary>The channel's drain time constant, s.</summary>
        public double TimeConstantS(int channel) { return _channels[channel].DrainTimeConstantS; }

        /// <summary>Grams the model holds in the tube tip now (after the last <see cref="Advance"/>).</summary>
        public double HeldGrams(int channel) { return _held[channel]; }

        /// <summary>Grams the model has let out of the tube since <see cref="ResetLanded"/> (or start-up): what the
        /// scale should have seen arrive.</summary>
        public double LandedGrams(int channel) { return _landed[channel]; }

        /// <summary>Counts the channel's landed grams from zero again (a dose's stable start).</summary>
        public void ResetLanded(int channel) { _landed[channel] = 0; }

        /// <summary>What the tip holds after pumping <paramref name="gramsPerS"/> for a long time.</summary>
        public double SteadyGrams(int channel, double gramsPerS) { return gramsPerS * _channels[channel].DrainTimeConstantS; }

        /// <summary>Brings the channel's held mass to <paramref name="nowMs"/> at the flow set last
        /// (exact for a flow held constant over the interval).</summary>
        public void Advance(int channel, long nowMs)
        {
            long dtMs = nowMs - _atMs[channel];
            _atMs[channel] = nowMs;
            if (dtMs <= 0) return;
            double tauS = _channels[channel].DrainTimeConstantS;
            double steady = _flow[channel] * tauS;
            double decay = Num.Exp(-dtMs / (1000.0 * tauS));
            double before = _held[channel];
            _held[channel] = steady + (before - steady) * decay;
            _landed[channel] += _flow[channel] * dtMs / 1000.0 - (_held[channel] - before);
        }

        /// <summary>The pump's flow changes now (0 when it stops).</summary>
        public void SetFlow(int channel, double gramsPerS, long nowMs)
        {
            Advance(channel, nowMs);
            _flow[channel] = gramsPerS;
        }
    }
}
