namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// Calendar time for the messages' "utc" field, never for control timing (that is
    /// <see cref="IClock"/>, which does not jump). On the ESP32 it is the RTC that SNTP sets in the
    /// background; until then the station reports uptime only.
    /// </summary>
    public interface IWallClock
    {
        /// <summary>UTC as Unix milliseconds, or -1 while the time is not known (clock not yet set).
        /// Read once per control tick: must not allocate or block.</summary>
        long UtcMs { get; }
    }
}
