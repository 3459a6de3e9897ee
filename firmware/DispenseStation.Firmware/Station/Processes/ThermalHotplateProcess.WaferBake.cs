using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>Bake jobs: the controller runs a wafer-timed program (time on plate from wafer-down).</summary>
    public sealed partial class ThermalHotplateProcess : IWaferBakePlate
    {
        public string StartWaferProgram(double[] setpointC, double[] holdS, double[] bandC, int count)
        {
            if (_controller.State == HotplateState.Autotuning) return "bake-job: an autotune is running";
            if (_controller.Fault != ThermalFault.None) return "bake-job: hotplate fault latched (" + FaultName(_controller.Fault) + "); reset it first";
            if (!HeaterPermitted) return "bake-job: heater is not permitted now";
            // Built once per job, not per tick.
            var segments = new BakeSegment[count];
            for (int i = 0; i < count; i++) segments[i] = BakeSegment.Hold(setpointC[i], holdS[i], bandC[i]);
            _controller.Abort();
            try
            {
                _controller.SetProgram(segments);
                _controller.Program.EnableWaferTiming();
                _controller.StartProgram();
            }
            catch (System.Exception ex)
            {
                _controller.Abort();
                _started = false;
                return "bake-job: " + ex.Message;
            }
            _programSegments = count;
            for (int i = 0; i < count; i++) _lastThermalIndex[i] = i;
            _started = true;
            _startError = null;
            StartErrorDetail = null;
            return null;
        }

        public bool MarkWaferDown(double alreadyOnPlateS, double waferHeatCapacityJPerK, double waferC)
        {
            if (_controller.State != HotplateState.Running) return false;
            if (!_controller.Program.MarkWaferDown(alreadyOnPlateS)) return false;
            // The drop feed-forward starts at detection: the wafer's energy is booked from here on.
            _controller.NotifyWaferDown(waferHeatCapacityJPerK, waferC);
            return true;
        }

        public bool TimeUp
        {
            get { return _controller.Program.TimeUp; }
        }

        public double TargetC
        {
            get { return _controller.Program.SegmentTargetC; }
        }

        public double WaferFrameC
        {
            get { return _controller.WaferFrameC; }
        }

        public double HeaterW
        {
            get { return _controller.HeaterW; }
        }

        public double PlateHeatCapacityJPerK
        {
            get { return _controller.PlateHeatCapacityJPerK; }
        }

        public double ElementLagS
        {
            get { return _controller.Config.ElementLagS; }
        }

        public double ReadingLagS
        {
            get { return _controller.Config.ReadingLagS; }
        }

        public void RearmForNextWafer()
        {
            // The last wafer is off the plate (or a withdrawn wafer-down never put one on): nothing more is owed to it.
            _controller.NotifyWaferUp();
            _controller.Program.RearmForNextWafer();
        }
    }
}
