namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>Where a posted record stands (<see cref="RecordWriter.StatusOf"/>).</summary>
    public enum RecordStatus
    {
        /// <summary>Posted; the writer has not finished a write that includes it.</summary>
        Pending = 0,

        /// <summary>On flash: a write that includes it (or a newer snapshot) completed.</summary>
        Stored = 1,

        /// <summary>The write that took it failed (<see cref="RecordWriter.Failure"/> says why).</summary>
        Failed = 2,
    }
}
