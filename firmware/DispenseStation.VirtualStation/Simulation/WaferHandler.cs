using DispenseStation.Firmware.BakeJobs;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// A simulated operator for bake jobs (virtual station option autoWafers): places a cold wafer on the simulated plate
/// a few seconds after each "place wafer" prompt and takes it off a moment after "remove wafer", pressing the station's
/// local wafer-removed button as it does. Wafer-down itself is left to the station to detect from the plate.
/// </summary>
public sealed class WaferHandler(SimulatedStation station, double placeAfterS = 3, double removeAfterS = 1, double waferC = 22)
{
    private WaferPhase _seen;
    private int _seenWafer = -1;
    private long _sinceMs;

    public int Placed { get; private set; }

    public void Step()
    {
        var job = station.Station.BakeJob;
        if (job is null)
        {
            _seen = WaferPhase.None;
            return;
        }
        long now = station.Clock.UptimeMs;
        if (job.Phase != _seen || job.Wafer != _seenWafer)
        {
            _seen = job.Phase;
            _seenWafer = job.Wafer;
            _sinceMs = now;
        }
        var plant = station.HotplateRig.Plant;
        if (job.Phase == WaferPhase.Placing && !plant.WaferPresent && now - _sinceMs >= placeAfterS * 1000)
        {
            plant.PlaceWafer(waferC);
            Placed++;
        }
        else if (job.Phase == WaferPhase.Removing && plant.WaferPresent && now - _sinceMs >= removeAfterS * 1000)
        {
            plant.RemoveWafer();
            job.OperatorRemoved(job.Wafer, now);
        }
    }
}
