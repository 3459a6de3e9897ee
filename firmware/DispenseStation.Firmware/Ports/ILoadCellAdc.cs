namespace DispenseStation.Firmware.Ports
{
    /// <summary>
    /// The load-cell ADC (HX711 on the station). Returns raw counts; calibration to grams lives in
    /// the core so it can be stored and checked there.
    /// </summary>
    public interface ILoadCellAdc
    {
        /// <summary>Nominal conversion rate (10 or 80 samples/s on an HX711).</summary>
        int SamplesPerSecond { get; }

        /// <summary>
        /// Latest conversion, if one arrived since the last call. False when none is ready;
        /// a scale that stays silent is how a disconnected load cell shows.
        /// </summary>
        bool TryRead(out int rawCounts);
    }
}
