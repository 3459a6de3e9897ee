using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>The 100 g resist batch per seed: project and peer each after one commissioning batch.</summary>
public static class BatchComparison
{
    public sealed record Result(int Seed, double ProjectS, double PeerS, int ProjectInTol, int PeerInTol, int Count);

    public static List<Result> Run(DosingPlantParameters plant, int[] seeds)
    {
        var batch = ReferenceStation.ResistBatch;
        var results = new List<Result>();
        foreach (int seed in seeds)
        {
            var project = DosingStations.Project(plant, seed);
            var peer = DosingStations.TwoSpeedPeer(plant, seed);
            project.Batch(batch);
            peer.Batch(batch);
            var a = project.Batch(batch);
            var b = peer.Batch(batch);
            results.Add(new Result(seed, a.Sum(o => o.DurationS), b.Sum(o => o.DurationS),
                a.Count(o => o.WithinTolerance), b.Count(o => o.WithinTolerance), batch.Length));
        }
        return results;
    }
}
