using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// A laboratory balance as the MT-SICS driver hands it to the core: weights in counts of the
/// readability at the balance's update rate. Inside: a two-stage filter (the balance's own
/// weighing filter, each stage a fourteenth of the settling time), creep after load changes, zero drift from
/// the hotplate, reading noise at the datasheet's repeatability plus vibration from running
/// pumps, rounding to the readability, overload and underload at the rails (as the driver maps
/// "S +" and "S -"). Unplugged, it is silent.
/// </summary>
public sealed class SimBalance : ILoadCellAdc
{
    public const int RailHigh = 0x7FFFFF;
    public const int RailLow = -0x800000;
    private readonly BalanceParameters _p;
    private readonly SimRandom _random;
    private readonly double _periodMs;
    private readonly double _tauS;
    private double _nextSampleMs;
    private double _filtered = double.NaN;
    private double _stage1;
    private double _creep;
    private double _creepTarget;
    private double _zeroCarriedGrams;
    private double _extraDriftGrams;
    private bool _pending;
    private int _latest;

    public SimBalance(BalanceParameters parameters, SimRandom random)
    {
        _p = parameters;
        _random = random;
        _periodMs = 1000.0 / parameters.UpdatesPerSecond;
        _nextSampleMs = _periodMs;
        // Two first-order stages: a 100 g step is within 2 mg of its end at the settling time.
        _tauS = parameters.SettlingTimeS / 14;
    }

    public int SamplesPerSecond => _p.UpdatesPerSecond;
    public double CountsPerGram => 1 / _p.ReadabilityGrams;
    public bool Disconnected { get; set; }
    public double SwayGrams { get; set; }
    /// <summary>A hung interface or firmware: the balance keeps sending its last weight, whatever is on the pan.</summary>
    public bool Frozen { get; set; }
    public int UpdateCount { get; private set; }
    /// <summary>Zero drift on top of the plant file's, from now on, g/min (a hotplate switched on next to the cell).</summary>
    public double ExtraDriftGramsPerMinute { get; set; }
    /// <summary>
    /// How far the zero stands off at the last update, in grams: thermal drift and creep. Both belong to the weighing
    /// cell, so a restarted simulation carries them on with <see cref="CarryZeroShift"/>.
    /// </summary>
    public double ZeroShiftGrams { get; private set; }

    /// <summary>Starts this balance's zero where a previous run's balance left it.</summary>
    public void CarryZeroShift(double grams)
    {
        if (!double.IsFinite(grams)) throw new ArgumentOutOfRangeException(nameof(grams), "zero shift must be a finite number of grams");
        _zeroCarriedGrams = grams;
        ZeroShiftGrams = grams;
    }

    public bool TryRead(out int rawCounts)
    {
        rawCounts = _latest;
        if (!_pending || Disconnected) return false;
        _pending = false;
        return true;
    }

    /// <summary>Advances one millisecond to <paramref name="nowMs"/>; <paramref name="pumpSpeed"/> is the fastest pump's speed 0..1.</summary>
    public void Step(long nowMs, double forceGrams, double pumpSpeed)
    {
        const double dt = 0.001;
        if (double.IsNaN(_filtered)) _filtered = _stage1 = forceGrams;
        double before = _filtered;
        _stage1 += (forceGrams - _stage1) * (dt / _tauS);
        _filtered += (_stage1 - _filtered) * (dt / _tauS);
        _creepTarget += _p.CreepFraction * (_filtered - before);
        _creep += (_creepTarget - _creep) * (dt / _p.CreepTimeS);
        _extraDriftGrams += ExtraDriftGramsPerMinute / 60 * dt;
        if (nowMs < _nextSampleMs) return;
        _nextSampleMs += _periodMs;

        if (Frozen && UpdateCount > 0)
        {
            _pending = true;
            UpdateCount++;
            return;
        }
        double t = nowMs / 1000.0;
        double noise = Math.Sqrt(_p.RepeatabilityGrams * _p.RepeatabilityGrams + Math.Pow(_p.PumpVibrationGrams * pumpSpeed, 2)) * _random.NextGaussian();
        double thermal = _p.ThermalDriftGramsPerMinute * t / 60 + _extraDriftGrams;
        ZeroShiftGrams = _creep + thermal + _zeroCarriedGrams;
        double reading = _filtered + _creep + thermal + _zeroCarriedGrams + SwayGrams * Math.Sin(2 * Math.PI * 0.7 * t) + noise;
        if (reading > _p.CapacityGrams + 9 * _p.ReadabilityGrams) _latest = RailHigh;
        else if (reading < -0.02 * _p.CapacityGrams) _latest = RailLow;
        else _latest = (int)Math.Round(reading / _p.ReadabilityGrams);
        _pending = true;
        UpdateCount++;
    }
}
