using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// What a tuning set is expected to do, worked out on its own first-order-plus-dead-time model:
    /// a setpoint step as the controller runs it (the reference shaped to what the model says the heater
    /// can do, landing over one dead time, with the model's duty for it as feed-forward and the PID on
    /// the error from it, heater limited to 0..1) and a cold wafer with no drop feed-forward (the energy
    /// the wafer takes, spread over 4 s), which shows how hard the PID alone answers a dip.
    /// A prediction on the model, not a measurement: it shows the engineer how two sets compare before
    /// either heats the plate. Buffers allocated once; nanoFramework-compatible.
    /// </summary>
    public sealed class TuningPrediction
    {
        private const double StepS = 0.5;
        private const int DelayCapacity = 256; // 128 s of dead time at 0.5 s; 16-bit duties: the ESP32 heap is ~100 KB
        private readonly ushort[] _delay = new ushort[DelayCapacity];

        /// <summary>Fills the set's Predicted* fields for a step <paramref name="fromC"/> -> <paramref name="toC"/> and a wafer drop at <paramref name="toC"/>.</summary>
        public void Predict(TuningSet set, double fromC, double toC, double heaterPowerW, double waferHeatCapacityJPerK, double waferC)
        {
            double over = 0, lastOutside = 0;
            double dip = 0;
            Simulate(set, fromC, toC, 1800, 0, 0, ref over, ref lastOutside, ref dip);
            set.PredictedStepOvershootC = over;
            set.PredictedStepSettleS = lastOutside;
            double plateHeatCapacity = heaterPowerW * set.ModelTimeConstantS / set.ModelGainCPerDuty;
            double dropC = plateHeatCapacity > 0 ? waferHeatCapacityJPerK * (toC - waferC) / plateHeatCapacity : 0;
            double o2 = 0, l2 = 0;
            dip = 0;
            Simulate(set, toC, toC, 300, dropC, 4, ref o2, ref l2, ref dip);
            set.PredictedDropDipC = dip;
        }

        private void Simulate(TuningSet set, double startC, double targetC, double durationS, double dropC, double dropTauS,
            ref double overshoot, ref double lastOutsideS, ref double dip)
        {
            int delayTicks = (int)(set.ModelDeadTimeS / StepS + 0.5);
            if (delayTicks >= DelayCapacity) delayTicks = DelayCapacity - 1;
            double steady = (startC - set.ModelAmbientC) / set.ModelGainCPerDuty;
            ushort initial = Num.DutyToUInt16(steady);
            for (int i = 0; i < DelayCapacity; i++) _delay[i] = initial;
            int head = 0;
            double y = startC, integral = steady, lastY = startC, derivative = 0;
            double reference = startC, lagged = startC;
            integral = 0;
            double dropLeft = dropC;
            double k = set.ModelGainCPerDuty, tau = set.ModelTimeConstantS;
            for (double t = 0; t < durationS; t += StepS)
            {
                double held = (reference - set.ModelAmbientC) / k;
                double maxRate = (1 - held) * k / tau;
                double rate = Num.Min(maxRate, (targetC - reference) / Num.Max(set.ModelDeadTimeS, StepS));
                if (rate < 0) rate = 0;
                reference += rate * StepS;
                double ff = Num.Clamp(held + tau / k * rate, 0, 1);
                // The PID compares with the reference as the sensor would show it (half a dead time behind, as the controller does).
                lagged += (reference - lagged) * StepS / (set.ModelDeadTimeS / 2 + StepS);
                double e = lagged - y;
                double tf = set.Td / 4 + StepS;
                derivative = (set.Td / 4) / tf * derivative - set.Kp * set.Td / tf * (y - lastY);
                lastY = y;
                double unlimited = set.Kp * e + integral + derivative + ff;
                double u = Num.Clamp(unlimited, 0, 1);
                if (set.Ti > 0) integral += set.Kp * StepS / set.Ti * e + (u - unlimited) * StepS / Num.Max(set.Ti, 1);
                _delay[head] = Num.DutyToUInt16(u);
                head = (head + 1) % DelayCapacity;
                int index = head - 1 - delayTicks;
                while (index < 0) index += DelayCapacity;
                y += StepS * (set.ModelAmbientC + set.ModelGainCPerDuty * Num.DutyFromUInt16(_delay[index]) - y) / set.ModelTimeConstantS;
                if (dropLeft > 0)
                {
                    double take = dropC * StepS / dropTauS * Num.Exp(-t / dropTauS);
                    y -= take;
                    dropLeft -= take;
                }
                if (y - targetC > overshoot) overshoot = y - targetC;
                if (targetC - y > dip) dip = targetC - y;
                if (Num.Abs(y - targetC) > 0.1) lastOutsideS = t;
            }
        }
    }
}
