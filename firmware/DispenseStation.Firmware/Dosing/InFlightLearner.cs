using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Per-channel in-flight (free-fall) estimate: the mass still arriving after the pump is cut
    /// off (liquid in the tube and the falling stream, pump run-down, drip, filter lag), as it is
    /// at a steady dribble. Learned from each dose as stable weight minus weight at cut-off, scaled
    /// by the doser to a steady dribble (<see cref="TubeDrain"/>: a viscous tube cut after a short
    /// dribble still holds more), smoothed with a gain so one odd dose does not throw it off. The
    /// values are plain grams: export, persist, import.
    /// </summary>
    public sealed class InFlightLearner
    {
        private readonly double[] _grams;
        private readonly int[] _samples;
        private readonly double[] _max;
        private readonly double[] _gain;
        private readonly bool[] _learned;

        public InFlightLearner(DoseChannelSettings[] channels)
        {
            if (channels == null) throw new ArgumentNullException("channels");
            _grams = new double[channels.Length];
            _samples = new int[channels.Length];
            _max = new double[channels.Length];
            _gain = new double[channels.Length];
            _learned = new bool[channels.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                _grams[i] = channels[i].InitialInFlightGrams;
                _max[i] = channels[i].MaxInFlightGrams;
                _gain[i] = channels[i].LearningGain;
            }
        }

        public int ChannelCount { get { return _grams.Length; } }

        public double Estimate(int channel) { return _grams[channel]; }

        /// <summary>Doses learned from since the last import (0 = still the initial guess).</summary>
        public int Observations(int channel) { return _samples[channel]; }

        /// <summary>True once the channel has a measured or restored value, not just the initial guess.</summary>
        public bool IsLearned(int channel) { return _learned[channel]; }

        /// <summary>
        /// Folds in one measured in-flight mass. The first measurement replaces the initial guess
        /// outright (a guess is worth less than one measurement); later ones are smoothed by the
        /// gain so one odd dose cannot throw the estimate off.
        /// </summary>
        public void Observe(int channel, double observedGrams)
        {
            if (!Num.IsFinite(observedGrams)) return;
            double clamped = Num.Clamp(observedGrams, 0, _max[channel]);
            if (_learned[channel]) _grams[channel] += _gain[channel] * (clamped - _grams[channel]);
            else _grams[channel] = clamped;
            _learned[channel] = true;
            _samples[channel]++;
        }

        /// <summary>Copies the estimates (grams, one per channel) into <paramref name="destination"/>.</summary>
        public void Export(double[] destination)
        {
            if (destination == null || destination.Length < _grams.Length)
                throw new ArgumentException("destination must hold one value per channel");
            for (int i = 0; i < _grams.Length; i++) destination[i] = _grams[i];
        }

        /// <summary>After <see cref="Import"/>: the channel had learned nothing when its value was kept, so that value is
        /// still a guess and the next measurement replaces it.</summary>
        public void Forget(int channel)
        {
            _learned[channel] = false;
        }

        /// <summary>Restores persisted estimates (they count as learned); all or nothing.</summary>
        public void Import(double[] grams)
        {
            if (grams == null || grams.Length != _grams.Length)
                throw new ArgumentException("grams must hold exactly one value per channel (" + _grams.Length + ")");
            for (int i = 0; i < grams.Length; i++)
            {
                if (!Num.IsFinite(grams[i]) || grams[i] < 0 || grams[i] > _max[i])
                    throw new ArgumentException("grams[" + i + "] must be a finite number in [0, MaxInFlightGrams]");
            }
            for (int i = 0; i < grams.Length; i++)
            {
                _grams[i] = grams[i];
                _samples[i] = 0;
                _learned[i] = true;
            }
        }
    }
}
