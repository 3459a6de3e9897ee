using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// HX711 on a load cell: converts the force on the pan at its own rate (10 or 80 samples/s)
/// with white noise, a slowly creeping and wandering zero, bursts of floor vibration, and the
/// 24-bit output range. Disconnecting it silences it; an open bridge pins it at a rail.
/// </summary>
public sealed class SimLoadCell : ILoadCellAdc
{
    private readonly LoadCellParameters _p;
    private readonly SimRandom _random;
    private readonly double _periodMs;
    private double _nextSampleMs;
    private double _driftWalk;
    private double _driftCarriedCounts;
    private double _extraDriftCounts;
    private double _burstStartS = double.NegativeInfinity;
    private double _burstPhase;
    private bool _pending;
    private int _latest;

    public SimLoadCell(LoadCellParameters parameters, SimRandom random)
    {
        _p = parameters;
        _random = random;
        _periodMs = 1000.0 / parameters.SamplesPerSecond;
        _nextSampleMs = _periodMs;
    }

    public int SamplesPerSecond => _p.SamplesPerSecond;
    public bool Disconnected { get; set; }
    /// <summary>Open bridge: conversions read at the positive rail.</summary>
    public bool BridgeOpen { get; set; }
    public int ConversionCount { get; private set; }
    /// <summary>A slow sway that never settles (a draft on the bottle, someone leaning on the bench), grams of amplitude.</summary>
    public double SwayGrams { get; set; }
    /// <summary>The converter keeps sending its last reading (a latched ADC, a broken clock line).</summary>
    public bool Frozen { get; set; }
    /// <summary>Zero drift on top of the plant file's, from now on, g/min (a hotplate switched on next to the cell).</summary>
    public double ExtraDriftGramsPerMinute { get; set; }
    /// <summary>
    /// How far the zero has wandered, in counts, at the last conversion. It belongs to the bridge (its temperature, its
    /// creep), not to the controller, so a restarted simulation carries it on with <see cref="CarryZeroDrift"/>.
    /// </summary>
    public double ZeroDriftCounts { get; private set; }

    /// <summary>Starts this cell's zero where a previous run's cell left it (the bench outlived the ESP32's reboot).</summary>
    public void CarryZeroDrift(double counts)
    {
        if (!double.IsFinite(counts)) throw new ArgumentOutOfRangeException(nameof(counts), "zero drift must be a finite number of counts");
        _driftCarriedCounts = counts;
        ZeroDriftCounts = counts;
    }

    public bool TryRead(out int rawCounts)
    {
        rawCounts = _latest;
        if (!_pending || Disconnected) return false;
        _pending = false;
        return true;
    }

    /// <summary>Advances to <paramref name="nowMs"/>; converts when a conversion is due.</summary>
    public void Step(long nowMs, double forceGrams)
    {
        double t = nowMs / 1000.0;
        if (_random.NextDouble() < _p.VibrationBurstsPerMinute / 60_000.0)
        {
            _burstStartS = t;
            _burstPhase = _random.NextDouble() * 2 * Math.PI;
        }
        if (nowMs < _nextSampleMs) return;
        _nextSampleMs += _periodMs;
        if (Frozen && ConversionCount > 0)
        {
            _pending = true;
            ConversionCount++;
            return;
        }

        _driftWalk += _p.DriftWalkCountsPerSqrtS * Math.Sqrt(_periodMs / 1000) * _random.NextGaussian();
        _extraDriftCounts += ExtraDriftGramsPerMinute * _p.CountsPerGram * _periodMs / 60_000;
        double drift = _p.DriftCountsPerMinute * t / 60 + _driftWalk + _driftCarriedCounts + _extraDriftCounts;
        ZeroDriftCounts = drift;
        double vibration = 0;
        double sinceBurst = t - _burstStartS;
        if (sinceBurst >= 0 && sinceBurst < _p.VibrationBurstS)
        {
            double envelope = Math.Sin(Math.PI * sinceBurst / _p.VibrationBurstS);
            vibration = _p.VibrationAmplitudeGrams * envelope * Math.Sin(2 * Math.PI * _p.VibrationFrequencyHz * t + _burstPhase);
        }
        vibration += SwayGrams * Math.Sin(2 * Math.PI * 0.7 * t);
        double counts = _p.ZeroCounts + _p.CountsPerGram * (forceGrams + vibration) + drift + _p.NoiseCounts * _random.NextGaussian();
        _latest = BridgeOpen ? 0x7FFFFF : (int)Math.Clamp(Math.Round(counts), -0x800000, 0x7FFFFF);
        _pending = true;
        ConversionCount++;
    }
}
