namespace DispenseStation.Firmware.Station
{
    /// <summary>The PackML states (ISA-TR88.00.02) the station moves through.</summary>
    public enum PackMlState
    {
        Idle,
        Starting,
        Execute,
        Completing,
        Complete,
        Holding,
        Held,
        Unholding,
        Suspending,
        Suspended,
        Unsuspending,
        Aborting,
        Aborted,
        Clearing,
        Stopping,
        Stopped,
        Resetting,
    }

    /// <summary>The standard PackML commands. Suspend/Unsuspend are raised by the station itself
    /// (link loss) and may also be commanded.</summary>
    public enum PackMlCommand
    {
        Start,
        Hold,
        Unhold,
        Stop,
        Abort,
        Clear,
        Reset,
        Suspend,
        Unsuspend,
    }
}
