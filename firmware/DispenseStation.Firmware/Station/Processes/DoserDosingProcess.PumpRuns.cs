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

        public string SetFlowCalibration(int channel, double speed, double gramsPerS)
        {
            return _doser.Flow.Set(channel, speed, gramsPerS);
        }

        public void RestoreFlowCalibration(int channel, double fullSpeedGramsPerS)
        {
            _doser.Flow.Restore(channel, fullSpeedGramsPerS);
        }

        public double CalibratedFullSpeedFlow(int channel)
        {
            return _doser.Flow.FullSpeedGramsPerS(channel);
        }
    }
}
