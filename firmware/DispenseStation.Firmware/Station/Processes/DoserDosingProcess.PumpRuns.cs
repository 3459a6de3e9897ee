using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>Prime and calibration runs over the doser's run mode (<see cref="Doser.StartRun"/>).</summary>
    public sealed partial class DoserDosingProcess : IPumpMaintenance
    {
        private bool _runStarted;

        public string StartPumpRun(int channel, double speed, double maxSeconds, double maxGrams)
        {
            try
            {
                _doser.StartRun(channel, speed, maxSeconds, maxGrams);
            }
            catch (System.Exception ex)
            {
                return ex.Message;
            }
            // A run is not a dose: the dose outcome properties keep saying "no dose".
            _doseStarted = false;
            _startError = null;
            _runStarted = true;
            return null;
        }

        public int TakePumpRunOutcome()
        {
            if (!_runStarted || _doser.IsRunning || !_doser.IsRun) return PumpRunOutcome.None;
            _runStarted = false;
            if (_doser.Result.Succeeded) return PumpRunOutcome.Completed;
            return _doser.Result.FaultCode == DoseFault.Aborted ? PumpRunOutcome.Stopped : PumpRunOutcome.Failed;
        }

        public double PumpRunGrams
        {
            get { return _doser.IsRun ? _doser.DeliveredGrams : 0; }
        }

        public double PumpRunSeconds
        {
            get { return _doser.IsRun ? _doser.RunPumpSeconds : 0; }
        }

        public bool PumpRunEndedByGrams
        {
            get { return _doser.IsRun && _doser.RunEndedByGrams; }
        }

        public string PumpRunFault
        {
            get { return _doser.IsRun && !_doser.IsRunning ? FaultName(_doser.Result.FaultCode) : null; }
        }

        /// <summary>Filtered mass on the platform above the calibrated zero.</summary>
        public double GrossGrams
        {
            get { return _scale.NetGrams + _scale.TareGrams; }
        }

        public string SetFlowTable(int channel, double[] speeds, double[] flows, int count)
        {
            return _doser.Flow.Set(channel, speeds, flows, count);
        }

        public int CopyFlowTable(int channel, double[] speeds, double[] flows)
        {
            return _doser.Flow.CopyTable(channel, speeds, flows);
        }

        public void RestoreFlowTable(int channel, double[] speeds, double[] flows, int count)
        {
            _doser.Flow.Restore(channel, speeds, flows, count);
        }

        public double ExpectedFlow(int channel, double speed)
        {
            if (_doser.Flow.PointCount(channel) > 0) return _doser.Flow.FlowAt(channel, speed);
            DoseChannelSettings ch = _channels[channel];
            return ch.FastFlowGramsPerS * speed / ch.FastSpeed;
        }

        public double CalibratedFullSpeedFlow(int channel)
        {
            return _doser.Flow.FullSpeedGramsPerS(channel);
        }
    }
}
