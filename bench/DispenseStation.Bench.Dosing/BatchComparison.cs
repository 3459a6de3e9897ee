using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>The 100 g resist batch per seed: project and peer each after one commissioning batch.</summary>
public static class BatchComparison
{
    public sealed record Result(int Seed, List<DoseOutcome> Project, List<DoseOutcome> Peer)
    {
        public double ProjectS => Project.Sum(o => o.DurationS);
        public double PeerS => Peer.Sum(o => o.DurationS);
        public int ProjectInTol => Project.Count(o => o.WithinTolerance);
        public int PeerInTol => Peer.Count(o => o.WithinTolerance);
        public int Count => Project.Count;
        /// <summary>Seconds per stage over the batch, in <see cref="DoseStageTimes.Names"/> order.</summary>
        public static double[] Stages(IEnumerable<DoseOutcome> doses) =>
            Enumerable.Range(0, DoseStageTimes.Names.Length).Select(i => doses.Sum(o => o.Stages.ToArray()[i])).ToArray();
    }

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
            results.Add(new Result(seed, project.Batch(batch), peer.Batch(batch)));
        }
        return results;
    }
}
