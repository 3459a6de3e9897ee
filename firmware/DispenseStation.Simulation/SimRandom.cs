namespace DispenseStation.Simulation;

/// <summary>Seeded randomness for the plant models: the same seed gives the same run.</summary>
public sealed class SimRandom
{
    private readonly Random _random;
    private double? _spareGaussian;

    public SimRandom(int seed) => _random = new Random(seed);

    public double NextDouble() => _random.NextDouble();

    /// <summary>Standard normal sample (Box-Muller, polar form).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is double spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * _random.NextDouble() - 1;
            v = 2 * _random.NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        return u * factor;
    }

    public double Gaussian(double mean, double stdDev) => mean + stdDev * NextGaussian();
}
