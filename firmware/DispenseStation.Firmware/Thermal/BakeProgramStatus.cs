namespace DispenseStation.Firmware.Thermal
{
    public enum BakeProgramStatus
    {
        Empty = 0,
        Loaded = 1,
        Running = 2,
        Completed = 3,
        Aborted = 4
    }
}
