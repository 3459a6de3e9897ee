using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Doser settings of one pump channel from its measured full-speed flow (CALIBRATION.md
    /// section 3), by the same rule as the simulated reference station: slow and dribble speeds by
    /// pump class, an in-flight guess on the high side until the doser has learned it.
    /// </summary>
    public static class ChannelCommissioning
    {
        public static DoseChannelSettings FromFlow(double fullSpeedGramsPerS)
        {
            double max = fullSpeedGramsPerS;
            // Big pumps need a gentler dribble relative to their size; small pumps barely move below 10 %.
            double slow = max > 3 ? 0.2 : max > 0.5 ? 0.3 : 0.5;
            double dribble = max > 3 ? 0.035 : max > 0.5 ? 0.08 : 0.15;
            DoseChannelSettings s = new DoseChannelSettings();
            s.FastSpeed = 1.0;
            s.SlowSpeed = slow;
            s.DribbleSpeed = dribble;
            s.FastFlowGramsPerS = max;
            s.SlowFlowGramsPerS = max * slow;
            s.DribbleFlowGramsPerS = max * dribble;
            s.FastLeadS = 1.5 * slow; // hand over to the slow phase with 1.5 s of slow flow left
            s.SlowLeadS = 0.4;
            s.InitialInFlightGrams = max * dribble;
            s.MaxInFlightGrams = max * dribble * 4;
            s.NoFlowWindowS = 3.0;
            double noFlow = 0.3 * s.DribbleFlowGramsPerS * s.NoFlowWindowS;
            s.NoFlowMinGrams = noFlow > 0.01 ? noFlow : 0.01;
            s.Validate();
            return s;
        }
    }
}
