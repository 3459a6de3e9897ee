using System;
using System.Device.Gpio;
using System.Device.Pwm;
using System.Device.Spi;
using System.Threading;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using Iot.Device.Max31865;
using nanoFramework.Hardware.Esp32;
using UnitsNet;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Boot and wiring of the ESP32 station. Thin on purpose: outputs safe first, then sensors,
    /// storage, network, watchdog, and the control loop that ticks the core. Logic lives in the
    /// core (DispenseStation.Firmware) and the drivers (DispenseStation.Firmware.Drivers).
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "0.3.0";

        /// <summary>Control period: 50 Hz, so a 40 ms dosing top-up pulse ends on time; the hotplate
        /// controller inside runs at its own 100 ms (see hardware/BUDGET.md for the work per tick).</summary>
        public const int ControlPeriodMs = 20;
        private const int HeaterServicePeriodMs = 20;
        private const int TimingReportTicks = 60000 / ControlPeriodMs;
        private const int PumpCount = 4;

        // Step rates for a 200 step/rev motor at 1/16 microstepping: 3200 steps/s = 1 rev/s.
        private const int PumpMaxStepsPerSecond = 3200;
        private const int PumpMinStepsPerSecond = 20;

        /// <summary>HX711 at 10 samples/s: silent for 5 periods = absent (alarm, never pump).</summary>
        private const int ScaleSamplesPerSecond = 10;
        private const int ScaleAbsentAfterMs = 500;

        // The LEDC channels behind PWM1/PWM2, PWM3/PWM4, ... share one hardware timer, and a step
        // pump's speed is its PWM frequency: each pump gets the first channel of its own pair.
        private static readonly DeviceFunction[] PumpPwmFunctions =
        {
            DeviceFunction.PWM1, DeviceFunction.PWM3, DeviceFunction.PWM5, DeviceFunction.PWM7
        };

        // Held in static fields so the timers and threads live as long as the device runs.
        private static Timer s_heaterService;
        private static WatchdogMonitor s_watchdog;
        private static Thread s_network;
        private static StationWorkerThread s_worker;

        /// <summary>
        /// Boot order that fails safe: (1) outputs off; (2) the external watchdog armed; (3) settings;
        /// (4) sensors, each blocking read on a supervised worker, absence reported as an alarm;
        /// (5) the station and its worker thread (command parsing, flash writes); (6) Wi-Fi and MQTT on
        /// a background thread; (7) the control loop, which runs with or without a network. Any failure
        /// before (7) ends in safe idle.
        /// </summary>
        public static void Main()
        {
            uint freeAtBoot = nanoFramework.Runtime.Native.GC.Run(true);
            Esp32Clock clock = new Esp32Clock();
            GpioController gpio = new GpioController();

            // 1. Outputs first, all off: the heater SSR and the pump drivers.
            SsrHeaterOutput heater = new SsrHeaterOutput(gpio.OpenPin(PinMap.HeaterSsr, PinMode.Output), clock,
                1000, 100, 3000, true);
            s_heaterService = new Timer(ServiceHeater, heater, 0, HeaterServicePeriodMs);
            GpioPin led = gpio.OpenPin(PinMap.StatusLed, PinMode.Output);
            led.Write(PinValue.Low);
            // A pump pin with no PWM channel (a pin map that does not fit the board) is a boot into
            // safe idle with the pin named, not an exception out of Main and a watchdog reset loop.
            string pumpProblem = null;
            IPumpOutput[] pumps;
            try
            {
                pumps = CreatePumps(gpio);
            }
            catch (Exception ex)
            {
                pumpProblem = ex.Message;
                pumps = new IPumpOutput[0];
            }

            // 2. The external watchdog: driving WDI arms the supervisor IC; from here on a main thread
            //    that stops for its time-out resets the board and cuts SSR and pump power in hardware.
            SupervisorFeed supervisor = new SupervisorFeed(gpio.OpenPin(PinMap.SupervisorWdi, PinMode.Output));
            supervisor.Feed();
            if (pumpProblem != null)
            {
                FieldLog.Write("pins", pumpProblem + " - staying in safe idle (check PinMap against the board)");
                RunSafeIdle(heater, pumps, led, supervisor);
                return;
            }

            // 3. Storage and site settings.
            FlashFileStore store = new FlashFileStore("I:\\station");
            StationSettings settings = null;
            try
            {
                settings = StationSettings.Load(store);
            }
            catch (Exception ex)
            {
                FieldLog.Write("settings", ex.Message + " - staying in safe idle");
            }
            supervisor.Feed();
            if (settings == null)
            {
                RunSafeIdle(heater, pumps, led, supervisor);
                return;
            }

            // 4. Sensors, each blocking read on its own worker: the MAX31865 conversion, and the
            //    HX711, whose PowerUp and Read wait for DOUT with no timeout. The loop only takes
            //    posted samples; silence is the core's sensor fault and, for the scale, the alarm.
            Max31865Sensor plate = CreateRtd(clock);
            Hx711SpiScale scale = CreateScale(clock);
            new SamplerThread(plate, 100).Start();
            new SamplerThread(scale, 0).Start();

            //    Safety and presence inputs (pull-ups on the board: a cut wire reads high = active).
            //    Start active: proven clear before anything runs. The e-stop (NC to GND) asserts on the
            //    first active sample (its RC filter removes glitches and the hardware has already cut
            //    power); the lid (NC) needs 100 ms, so a knock does not hold a bake. The bottle switch
            //    is NO to GND (bottle on = low): high = no bottle = pumps blocked, also on a cut wire.
            DebouncedInput estop = new DebouncedInput(gpio.OpenPin(PinMap.EStop, PinMode.Input), clock, true, 0, 200, true);
            DebouncedInput lid = new DebouncedInput(gpio.OpenPin(PinMap.Lid, PinMode.Input), clock, true, 100, 200, true);
            DebouncedInput bottleAbsent = new DebouncedInput(gpio.OpenPin(PinMap.BottlePresent, PinMode.Input), clock, true, 50, 50, true);
            supervisor.Feed();

            // 5. The station core on these ports (allocates its buffers now, once). The MQTT link
            //    exists from here but connects only once the network thread starts it.
            MqttLink link = new MqttLink(settings.Mqtt, clock, 16, Topics.State(settings.StationId),
                StateMessage.OfflineWillText(settings.StationId), new string[] { Topics.CommandFilter(settings.StationId) });
            StationHardware hw = new StationHardware();
            hw.Clock = clock;
            hw.LoadCell = scale;
            hw.PlateSensor = plate;
            hw.Heater = heater;
            hw.Pumps = pumps;
            hw.EStop = estop;
            hw.Lid = lid;
            hw.BottleAbsent = bottleAbsent;
            hw.Link = link;
            hw.Store = store;
            hw.WallClock = new SntpWallClock();
            StationAssembly station = null;
            try
            {
                station = new StationAssembly(hw, settings, FirmwareVersion);
            }
            catch (Exception ex)
            {
                FieldLog.Write("station", ex.Message + " - staying in safe idle");
            }
            supervisor.Feed();

            uint freeAfterWiring = nanoFramework.Runtime.Native.GC.Run(true);
            FieldLog.Write("heap", freeAtBoot + " B free at boot, " + freeAfterWiring + " B after wiring");
            if (station == null)
            {
                RunSafeIdle(heater, pumps, led, supervisor);
                return;
            }

            //    Its worker: received commands parsed and the durable records written on their own
            //    thread, so the control loop never waits for a recipe parse or a flash write.
            s_worker = new StationWorkerThread(station.Runtime.Worker);
            s_worker.Start();

            // 6. Network in the background: Wi-Fi (blocks its own thread only), SNTP started without
            //    waiting for it (the station reports uptime until the clock is set, SntpWallClock),
            //    then the link's reconnecting thread.
            NetworkStart network = new NetworkStart(settings, link);
            s_network = new Thread(network.Run);
            s_network.Start();

            // 7. The in-interpreter watchdog timer, then the control loop.
            s_watchdog = new WatchdogMonitor(station.Runtime.Watchdog, station.Hotplate.Safety, clock, heater, pumps);
            s_watchdog.Start();
            RunControlLoop(clock, station.Runtime, led, supervisor, scale);
        }

        /// <summary>The main loop: the only caller of <see cref="StationRuntime.Tick"/> and of the
        /// supervisor feed, at a fixed rate.</summary>
        private static void RunControlLoop(IClock clock, StationRuntime runtime, GpioPin led, SupervisorFeed supervisor, Hx711SpiScale scale)
        {
            LoopTiming timing = new LoopTiming();
            long next = clock.UptimeMs;
            int ticks = 0;
            bool ledOn = false;
            bool scaleReportedAbsent = false;
            while (true)
            {
                long startUs = (long)HighResTimer.GetCurrent();
                runtime.Tick();
                long tickUs = (long)HighResTimer.GetCurrent() - startUs;
                // Fed only after a completed tick: a tick that hangs stops the edges.
                supervisor.Feed();

                // Heartbeat LED at 1 Hz while the loop runs (written only when it changes).
                ticks++;
                bool on = (ticks / (500 / ControlPeriodMs)) % 2 == 0;
                if (on != ledOn)
                {
                    led.Write(on ? PinValue.High : PinValue.Low);
                    ledOn = on;
                }

                next += ControlPeriodMs;
                long wait = next - clock.UptimeMs;
                timing.Record(tickUs, wait <= 0);
                if (timing.Ticks == TimingReportTicks)
                {
                    // Once a minute, for commissioning (BUDGET.md); these strings are the loop's only allocations.
                    FieldLog.Write("loop", "tick mean " + timing.MeanUs + " us, max " + timing.MaxUs + " us, " + timing.Overruns + " overruns in " + timing.Ticks);
                    timing.Reset();
                    bool absent = scale.IsAbsent;
                    if (absent != scaleReportedAbsent)
                    {
                        FieldLog.Write("scale", absent ? "load cell absent: no HX711 conversion for " + scale.SilentForMs + " ms (check the cable); dosing blocked" : "load cell back");
                        scaleReportedAbsent = absent;
                    }
                }
                if (wait > 0) Thread.Sleep((int)wait);
                else next = clock.UptimeMs; // overrun: drop the backlog rather than burst
            }
        }

        /// <summary>No valid settings or station: every output held off, LED blinking at 5 Hz. The
        /// supervisor is still fed, so the serial log stays readable instead of a reset loop.</summary>
        private static void RunSafeIdle(IHeaterOutput heater, IPumpOutput[] pumps, GpioPin led, SupervisorFeed supervisor)
        {
            bool on = false;
            while (true)
            {
                heater.ForceOff();
                for (int i = 0; i < pumps.Length; i++) pumps[i].SetSpeed(0);
                on = !on;
                led.Write(on ? PinValue.High : PinValue.Low);
                supervisor.Feed();
                Thread.Sleep(100);
            }
        }

        private static void ServiceHeater(object state)
        {
            ((SsrHeaterOutput)state).Service();
        }

        private static IPumpOutput[] CreatePumps(GpioController gpio)
        {
            IPumpOutput[] pumps = new IPumpOutput[PumpCount];
            for (int i = 0; i < PumpCount; i++)
            {
                // Enable first (drivers disabled), then the step PWM.
                GpioPin enable = gpio.OpenPin(PinMap.PumpEnable[i], PinMode.Output);
                enable.Write(PinValue.High);
                Configuration.SetPinFunction(PinMap.PumpStep[i], PumpPwmFunctions[i]);
                PwmChannel step = Esp32Pwm.FromPin(PinMap.PumpStep[i], 1000, 0);
                if (step == null) throw new InvalidOperationException("pump " + i + ": GPIO " + PinMap.PumpStep[i] + " has no PWM channel");
                pumps[i] = new StepperPump(step, null, enable, true, true,
                    new StepRate(PumpMaxStepsPerSecond, PumpMinStepsPerSecond));
            }
            return pumps;
        }

        private static Max31865Sensor CreateRtd(IClock clock)
        {
            Configuration.SetPinFunction(PinMap.RtdMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(PinMap.RtdMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(PinMap.RtdClock, DeviceFunction.SPI1_CLOCK);
            SpiConnectionSettings spiSettings = new SpiConnectionSettings(PinMap.RtdSpiBus, PinMap.RtdChipSelect);
            spiSettings.ClockFrequency = Max31865.SpiClockFrequency;
            spiSettings.Mode = Max31865.SpiMode1;
            spiSettings.DataFlow = Max31865.SpiDataFlow;
            Max31865 device = new Max31865(SpiDevice.Create(spiSettings), PlatinumResistanceThermometerType.Pt100,
                ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430), ConversionFilterMode.Filter50Hz);
            // A sample older than 1 s is a dead converter; -50..400 degC is the plausible plate range.
            return new Max31865Sensor(device, clock, 1000, -50, 400);
        }

        private static Hx711SpiScale CreateScale(IClock clock)
        {
            Configuration.SetPinFunction(PinMap.ScalePdSck, DeviceFunction.SPI2_MOSI);
            Configuration.SetPinFunction(PinMap.ScaleDout, DeviceFunction.SPI2_MISO);
            Configuration.SetPinFunction(PinMap.ScaleSpiClockUnused, DeviceFunction.SPI2_CLOCK);
            // No chip select: the HX711 has none (-1). Should a firmware version's SPI driver insist
            // on one, give it any free output GPIO left unconnected, as the binding's own sample does.
            // The clock frequency shapes ~1 us PD_SCK pulses (binding default).
            SpiConnectionSettings spiSettings = new SpiConnectionSettings(PinMap.ScaleSpiBus, -1);
            spiSettings.ClockFrequency = Iot.Device.Hx711.Scale.DefaultClockFrequency;
            return new Hx711SpiScale(SpiDevice.Create(spiSettings), clock, ScaleSamplesPerSecond, ScaleAbsentAfterMs);
        }
    }
}
