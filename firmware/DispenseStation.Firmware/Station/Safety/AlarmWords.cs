namespace DispenseStation.Firmware.Station.Safety
{
    /// <summary>
    /// The words a technician reads with each alarm code: what happened, what the station did, what to
    /// do next. Constant strings, looked up by a loop, so raising an alarm in the tick allocates nothing.
    /// A code without an entry gets a generic text naming its source, never an empty message.
    /// </summary>
    public static class AlarmWords
    {
        private static readonly string[] Codes =
        {
            "estop", "heater-interlock", "pump-interlock", "link-lost", "link-hold-expired",
            "over-temperature", "rtd-open", "rtd-short", "rtd-no-response", "rtd-implausible", "rtd-stuck",
            "runaway-no-rise", "runaway-falling-away", "heater-watchdog", "ssr-welded", "above-setpoint",
            "no-flow", "weight-loss", "weight-jump", "overfill", "scale-unstable", "scale-silent", "scale-saturated",
            "dose-timeout", "under-tolerance", "dose-out-of-tolerance",
            "scale-frozen", "pump-runaway", "record-not-stored", "weight-unexplained", "zero-drift",
        };

        private static readonly string[] Texts =
        {
            "E-stop pressed or its circuit open: heater and pumps off, batch aborted. Release it, then clear and reset.",
            "Heater interlock open (plate cover or over-temperature contact): heater off, bake held. Close it, then unhold.",
            "Pump interlock open (bottle missing or splash lid open): pumps off, dose held. Put the bottle back, then unhold.",
            "Link to the gateway lost: dosing paused; the heater keeps its setpoint for the link hold time.",
            "Link lost beyond the hold time: heater off, bake held. Unhold once the gateway is back.",
            "Plate above the cut-off temperature: heater off. Let it cool, check the SSR, then reset.",
            "RTD open circuit (broken wire or loose connector): heater off. Check the sensor wiring, then reset.",
            "RTD short circuit: heater off. Check the sensor and its cable, then reset.",
            "RTD converter not answering (SPI or supply): heater off. Check the MAX31865 board, then reset.",
            "RTD reading jumped faster than the plate can change: heater off. Check the connector, then reset.",
            "RTD reading frozen while heating: heater off. Check the sensor and the converter, then reset.",
            "Plate does not warm at full power (element, SSR or RTD loose): heater off. Check them, then reset.",
            "Plate fell away from its setpoint while heating (element or RTD out of its well): heater off. Check them, then reset.",
            "Control loop stopped refreshing the heater: heater off by the watchdog. Reset; report it if it repeats.",
            "Plate heating with the heater commanded off: the SSR has failed shorted (welded). Open the contactor now (e-stop), replace the SSR before re-arming.",
            "Plate stayed more than 2 °C above its setpoint: heater off. Check the SSR and the RTD, then reset.",
            "No flow (empty reservoir, clog or kinked tube): pump off, dose held. Refill or clear the line, then unhold.",
            "Bottle weight fell during the dose (leak or bottle lifted): pumps off, dose held. Check the bottle, then unhold.",
            "Bottle weight jumped (bumped, or something placed on it): pumps off, dose held. Clear the scale, then unhold.",
            "Dose went over its tolerance: pumps off, dose held. Decide whether to go on or abort.",
            "Scale reading unstable (draught, vibration, something touching the bottle): dose held. Steady it, then unhold.",
            "Scale not answering (load cell unplugged or ADC dead): pumps off, dose held. Check the cable, then unhold.",
            "Scale at the end of its range: pumps off, dose held. Check the load and the load cell.",
            "Dose did not finish within its time limit: pump off, dose held. Check the flow, then unhold.",
            "Dose ended below its tolerance: dose held. Unhold to top up, or abort.",
            "Dose ended outside its tolerance: dose held. Unhold to go on, or abort.",
            "Scale reading frozen (the same reading over and over while the pump runs): pumps off, dose held. Check the scale cable and ADC board, and that the line delivers, then unhold.",
            "A pump runs with no command (weight rising between doses): pump power cut, all pumps stopped. Check the driver of the pump dosed last and the pump power relay.",
            "A progress record could not be written to flash in time: the step did not start or resume, batch held. See the storage alarm; unhold retries, abort ends the batch.",
            "Bottle weighs more than the pump delivered: something touches the bottle (a tube, a cable, a hand). Pumps off, dose held. Free the bottle and check the dose, then unhold; if nothing touches it, calibrate the pump.",
            "Scale zero drifting while the station stood idle (the hotplate warming the load cell, a draught): dose held before pumping. Re-zero the scale and let it settle, then unhold.",
        };

        /// <summary>The words for <paramref name="code"/>; a generic text naming <paramref name="source"/> when it has none.</summary>
        public static string For(string code, string source)
        {
            for (int i = 0; i < Codes.Length; i++)
            {
                if (Codes[i] == code) return Texts[i];
            }
            return source == "hotplate" ? "Hotplate fault: heater off. Check the plate, then reset."
                : source == "dosing" ? "Dosing fault: pumps off, dose held. Check the station, then unhold."
                : "Station fault: see the alarm code.";
        }

        /// <summary>Whether <paramref name="code"/> has its own words (tests check every code the station raises).</summary>
        public static bool Knows(string code)
        {
            for (int i = 0; i < Codes.Length; i++)
            {
                if (Codes[i] == code) return true;
            }
            return false;
        }
    }
}
