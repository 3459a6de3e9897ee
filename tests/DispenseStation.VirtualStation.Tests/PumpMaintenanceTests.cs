using System.Text;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Simulation.Dosing;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;
using Xunit.Abstractions;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>Prime, then calibrate, on the virtual station through its command topics: the flow it reports at each speed
/// is the plant file's pump flow at that speed.</summary>
public sealed class PumpMaintenanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-vs-pump-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Command(string id, string name, int channel, double speed, double seconds, double grams, double[]? speeds = null)
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = new CommandMessage { Id = id, Name = name, Channel = channel, Speed = speed, Speeds = speeds, Seconds = seconds, Grams = grams }.WriteTo(w);
        return w.Buffer.AsSpan(0, n).ToArray();
    }

    private static PumpRunEvent RunFor(LoopbackLink link, string id) => link.Published
        .Where(p => p.Topic == Topics.Event("vs-1") && p.Payload.Contains("\"pump-run\""))
        .Select(p =>
        {
            var b = Encoding.UTF8.GetBytes(p.Payload);
            Assert.True(PumpRunEvent.TryParse(b, 0, b.Length, out var e, out var err), err);
            return e;
        }).Single(e => e.CommandId == id);

    [Theory]
    [InlineData("pag", 0.5)]
    [InlineData("solvent", 0.3)]
    public void Prime_then_calibrate_gives_the_plant_flow_within_2_percent(string pump, double lowest)
    {
        var link = new LoopbackLink();
        var plant = PlantSettings.Default(seed: 4);
        var sim = new SimulatedStation(new StationConfig { StationId = "vs-1" }, link, new DirectoryFileStore(_dir), plant);
        int channel = Array.IndexOf(plant.ChannelMap, pump);
        sim.Run(TimeSpan.FromSeconds(2));

        link.Deliver(Topics.Command("vs-1", CommandNames.Prime), Command("p-1", CommandNames.Prime, channel, 1, 10, 3));
        sim.Run(TimeSpan.FromSeconds(12));
        var prime = RunFor(link, "p-1");
        Assert.Equal(PumpRunStatuses.Completed, prime.RunStatus);
        Assert.Equal("the grams arrived", prime.Message);

        double[] speeds = [lowest, 1];
        link.Deliver(Topics.Command("vs-1", CommandNames.CalibratePump), Command("k-1", CommandNames.CalibratePump, channel, double.NaN, 10, double.NaN, speeds));
        sim.Run(TimeSpan.FromSeconds(40));
        var cal = RunFor(link, "k-1");
        Assert.True(cal.RunStatus == PumpRunStatuses.Completed, cal.Message);
        Assert.Equal(2, cal.PointCount);

        double full = new SimPump(plant.Dosing.Channels[plant.Dosing.ChannelIndex(pump)]).NominalMaxGramsPerS;
        for (int i = 0; i < 2; i++)
        {
            double plantFlow = speeds[i] * full;
            output.WriteLine($"{pump} at speed {speeds[i]}: primed {prime.Grams:F3} g in {prime.Seconds:F2} s; calibrated {cal.PointGrams[i]:F3} g in {cal.PointSeconds[i]:F3} s = {cal.PointFlows[i]:F4} g/s, plant {plantFlow:F4} g/s ({(cal.PointFlows[i] / plantFlow - 1) * 100:+0.00;-0.00} %)");
            Assert.InRange(cal.PointFlows[i], 0.98 * plantFlow, 1.02 * plantFlow);
        }
        Assert.Equal(cal.PointFlows[1], sim.Dosing.CalibratedFullSpeedFlow(channel), 2);
        Assert.Equal(PackMlState.Idle, sim.Station.State);
        Assert.All(sim.DosingRig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
    }
}
