using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// No silent errors (issue 14 item 4): the weighed dose against what the pump can have delivered, and how large a
    /// weight step or loss must be to count as a disturbance. Both follow from the scale's noise, the dose's tolerance
    /// and the pump's flow, not from fixed grams. Nothing here allocates after the constructor.
    /// </summary>
    public sealed partial class Doser
    {
        /// <summary>
        /// A verified dose may weigh this fraction more than the pump's account (<see cref="StartDeficitGrams"/>) before
        /// the gain is a force whatever the tolerance: the spread of a calibrated peristaltic pump's flow. A slipping
        /// tube or a thick liquid only ever delivers less. On top, the 2-sigma error of a weighed dose.
        /// </summary>
        public const double UnexplainedFraction = 0.1;

        /// <summary>
        /// The loss test compares each reading with the highest of the dose. Over the 750 readings of a long (75 s) dose
        /// the extremes of Gaussian noise lie about 6.4 sigma apart, and a running pump's vibration can double the
        /// noise of a scale at rest (the balance plant: 2 mg on 1 mg, 2.2x): 14 sigma of a reading at rest.
        /// </summary>
        public const double DisturbanceSigmas = 14;

        /// <summary>
        /// The most a disturbance threshold grows with the tolerance (the fixed threshold of firmware before
        /// issue 14): a gram that leaves the bottle is a fault whatever the dose. Also the slack an overfilled dose
        /// keeps for its draining tube before the overfill is called.
        /// </summary>
        public const double DisturbanceCeilingGrams = 1.0;

        /// <summary>Longest start-up deficit learned, s at the phase's flow and speed: a pump drive that takes more than
        /// 2 s to reach full speed is not a dosing pump.</summary>
        public const double MaxStartDeficitS = 1.0;

        private readonly double[] _startDeficitS; // per channel, s; < 0 until a dose has taught it
        private double _disturbance;

        /// <summary>
        /// A weight loss (a reading step down, or the weight below the dose's highest) beyond this is a disturbance:
        /// the tolerance, since a loss the doser then makes up overdoses by as much; never under the noise floor
        /// (<see cref="DisturbanceSigmas"/> readings' sigma: 20 mg on the balance, 0.2 g by the HX711 settings) nor
        /// over <see cref="DisturbanceCeilingGrams"/>.
        /// </summary>
        private double DisturbanceFor(double toleranceGrams)
        {
            return Num.Max(DisturbanceSigmas * _scale.ReadingNoiseGrams, Num.Min(toleranceGrams, DisturbanceCeilingGrams));
        }

        /// <summary>A reading step up beyond this is a jump (a bump, something put down): a loss's threshold plus what the
        /// channel's pump lands in one reading at full flow, twice over for roller pulsation.</summary>
        private double JumpGrams()
        {
            return _disturbance + 2 * _ch.FastFlowGramsPerS / _scale.SamplesPerSecond;
        }

        /// <summary>
        /// The grams the drain model counts as landed but the pump did not deliver because its drive accelerates: the
        /// model starts each phase at its full flow, the drive reaches speed s after s x its ramp time, so it misses
        /// flow x speed x half the ramp of the first phase (and of each top-up pulse). Learned per channel from the
        /// doses that pass; 0 until one has.
        /// </summary>
        private double StartDeficitGrams()
        {
            double s = _startDeficitS[_channel];
            return s > 0 ? s * StartBasis() : 0;
        }

        /// <summary>Flow times speed of the starts of this dose, g/s: the first (fastest) phase and each top-up pulse.</summary>
        private double StartBasis()
        {
            int phases = _result.Phases;
            int first = (phases & DosePhase.Fast) != 0 ? DosePhase.Fast : (phases & DosePhase.Slow) != 0 ? DosePhase.Slow : DosePhase.Dribble;
            return FlowOf(first) * SpeedOf(first) + _result.TopUpPulses * _ch.DribbleFlowGramsPerS * _ch.DribbleSpeed;
        }

        /// <summary>A dose that passed teaches the start-up deficit: drain model minus weighed, over <see cref="StartBasis"/>.
        /// Not when that deficit at its largest would be lost in the weighing error (a dose fed only at a dribble). A
        /// shortfall beyond <see cref="MaxStartDeficitS"/> is no ramp but flows the pump does not deliver: what was
        /// learned is dropped until the flows are right again (a pump calibration).</summary>
        private void LearnStartDeficit()
        {
            double basis = StartBasis();
            if (!(basis * MaxStartDeficitS > 2.8284 * _scale.RepeatabilityGrams)) return;
            double seen = Num.Max(0, (_drain.LandedGrams(_channel) - _result.ActualGrams) / basis);
            double was = _startDeficitS[_channel];
            if (seen > MaxStartDeficitS) _startDeficitS[_channel] = -1;
            else _startDeficitS[_channel] = was < 0 ? seen : was + _ch.LearningGain * (seen - was);
        }

        /// <summary>The start-up deficit <paramref name="channel"/> has learned, s; -1 while it has none. The station keeps it
        /// in its record (DoserDosingProcess), so that the first dose after a reboot is judged as the last one before it.</summary>
        public double LearnedStartDeficitS(int channel)
        {
            return _startDeficitS[channel];
        }

        /// <summary>Puts back a kept start-up deficit (-1: none learned). False, and the channel unlearned, for a value no
        /// dose can have taught: outside [0, <see cref="MaxStartDeficitS"/>] s or not a number.</summary>
        public bool RestoreStartDeficit(int channel, double seconds)
        {
            bool taught = seconds >= 0 && seconds <= MaxStartDeficitS;
            _startDeficitS[channel] = taught ? seconds : -1;
            return taught || seconds == -1;
        }

        /// <summary>
        /// The stable dose <paramref name="actualGrams"/> weighs more than the pump can have delivered
        /// (<paramref name="expectedGrams"/>: the drain model's landed grams less the learned start-up deficit) by more
        /// than the 2-sigma error of a weighed dose, and either that excess passes <see cref="UnexplainedFraction"/> of
        /// <paramref name="landedGrams"/> (a force on the bottle, a tube resting on it, a hand, whatever the tolerance)
        /// or the dose is about to be reported in tolerance (<paramref name="reportedLowerGrams"/>, its lower limit;
        /// double.MinValue while it is still to be topped up) with the pump's account below that limit: only the
        /// unexplained gain puts it in tolerance, so the scale cannot tell that it is.
        /// </summary>
        public static bool GainUnexplained(double actualGrams, double expectedGrams, double landedGrams,
            double reportedLowerGrams, double repeatabilityGrams)
        {
            double excess = actualGrams - expectedGrams - 2.8284 * repeatabilityGrams;
            if (!(excess > 0)) return false;
            return excess > UnexplainedFraction * landedGrams || (actualGrams >= reportedLowerGrams && expectedGrams < reportedLowerGrams);
        }
    }
}
