namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// PID gains in ISA (standard) form: u = Kp * (e + 1/Ti * integral(e) + Td * de/dt).
    /// Output is heater duty 0..1, so Kp is in duty per °C; Ti and Td in seconds.
    /// </summary>
    public sealed class PidGains
    {
        /// <summary>Proportional gain, duty per °C.</summary>
        public double Kp;
        /// <summary>Integral time, s. 0 disables integral action.</summary>
        public double Ti;
        /// <summary>Derivative time, s. 0 disables derivative action.</summary>
        public double Td;

        public PidGains(double kp, double ti, double td)
        {
            Kp = kp;
            Ti = ti;
            Td = td;
        }

        /// <summary>Null when usable; otherwise a message naming the field and the rule.</summary>
        public string Validate()
        {
            if (!Util.Num.IsFinite(Kp) || Kp <= 0) return "Kp must be a finite number > 0";
            if (!Util.Num.IsFinite(Ti) || Ti < 0) return "Ti must be a finite number >= 0 (0 = no integral)";
            if (!Util.Num.IsFinite(Td) || Td < 0) return "Td must be a finite number >= 0 (0 = no derivative)";
            return null;
        }
    }
}
