namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// GPIO assignment on an ESP32-WROOM-32 DevKitC (38 pins). Mirrors hardware/PINMAP.md; change
    /// both together. Avoided: 6-11 (flash), 0 and 12 (boot straps); 2 is a strap that only matters at reset and carries the unconnected SPI2 clock. 34-39 are input-only without
    /// internal pull-ups: used for inputs with pull-ups on the board. 15 is a strap pin that only sets boot logging; it
    /// drives the status LED. 16/17 are free on a WROOM (a WROVER uses them for PSRAM).
    /// </summary>
    public static class PinMap
    {
        // MAX31865 on SPI1 (VSPI pins).
        public const int RtdMosi = 23;
        public const int RtdMiso = 19;
        public const int RtdClock = 18;
        public const int RtdChipSelect = 5;
        public const int RtdSpiBus = 1;

        // HX711 on SPI2 driven by the nanoFramework binding: MOSI makes the PD_SCK pulse train,
        // MISO samples DOUT; the SPI clock pin is assigned but left unconnected (GPIO 2: a strap
        // only at reset, when nothing drives it).
        public const int ScalePdSck = 13;
        public const int ScaleDout = 14;
        public const int ScaleSpiClockUnused = 2;
        public const int ScaleSpiBus = 2;

        // Heater SSR (time-proportioned, active high through a transistor stage).
        public const int HeaterSsr = 25;

        // Stepper pump channels: STEP by PWM, EN (active low) by GPIO. DIR is strapped on each
        // driver board: dosing pumps only run forward.
        public static readonly int[] PumpStep = { 32, 33, 26, 27 };
        public static readonly int[] PumpEnable = { 21, 22, 17, 16 };

        // Safety and presence inputs (normally-closed to GND; 10k pull-ups to 3V3 on the board).
        public const int EStop = 34;
        public const int Lid = 35;
        public const int BottlePresent = 36;

        // Status LED (active high).
        public const int StatusLed = 15;

        // External watchdog supervisor (TPS3823A) WDI, toggled after every control tick. GPIO 4 has
        // no strap function and no pull at reset, so WDI floats through reset and boot and the IC
        // stays disarmed until Program drives it (hardware/SAFETY.md "External watchdog").
        public const int SupervisorWdi = 4;
    }
}
