namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The serial log for commissioning and field service. nanoFramework's Debug.WriteLine is
    /// [Conditional("DEBUG")], so a Release image would print nothing; Console.WriteLine (in the
    /// nanoFramework mscorlib) reaches the serial port in every build.
    /// </summary>
    public static class FieldLog
    {
        public static void Write(string area, string message)
        {
            System.Console.WriteLine(area + ": " + message);
        }
    }
}
