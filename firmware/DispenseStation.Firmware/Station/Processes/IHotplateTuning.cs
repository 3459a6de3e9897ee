using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// Remote tuning of a hotplate process (optional: a process that does not implement it makes the
    /// station reject set-gains and autotune). Every method either applies fully or returns why not
    /// and changes nothing.
    /// </summary>
    public interface IHotplateTuning
    {
        /// <summary>The PID gains in use (ISA form).</summary>
        double Kp { get; }
        double Ti { get; }
        double Td { get; }

        /// <summary>Null when applied, else why not (nothing changed).</summary>
        string SetGains(double kp, double ti, double td);

        /// <summary>Starts a relay autotune around <paramref name="targetC"/>; NaN limits take the
        /// process defaults. Null when started, else why not (nothing changed).</summary>
        string StartAutotune(double targetC, TuningRule rule, double maxC, double maxS);

        bool AutotuneRunning { get; }

        /// <summary>Relay cycles the running autotune has completed (0 during the heat-up).</summary>
        int AutotuneCyclesDone { get; }
        /// <summary>Relay cycles it must still run at least (an unbalanced cycle adds one).</summary>
        int AutotuneCyclesRemaining { get; }
        /// <summary>Length of its last relay cycle, s; NaN before the first.</summary>
        double AutotuneLastPeriodS { get; }

        /// <summary>Once per finished autotune: Succeeded (the gains from its rule are applied) or a
        /// failure status with <paramref name="failure"/> saying why; Idle when nothing new.</summary>
        AutotuneStatus TakeAutotuneOutcome(out string failure);

        /// <summary>The last autotune's measurements and the rule it was started with.</summary>
        AutotuneResult LastAutotune { get; }
        TuningRule LastRule { get; }
    }
}
