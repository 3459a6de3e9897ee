namespace DispenseStation.Firmware.Drivers.Devices
{
    /// <summary>A sensor whose read blocks (SPI transfers, conversion waits): read on its own thread.</summary>
    public interface ISampleSource
    {
        /// <summary>Takes one sample and posts it; never throws (faults are posted as samples).</summary>
        void SampleOnce();
    }
}
