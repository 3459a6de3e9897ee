using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.VirtualStation.Hosting;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.VirtualStation.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-opt-" + Guid.NewGuid().ToString("N"));

    public OptionsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("resin,solvent,pag", new[] { "resin", "solvent", "pag" })]
    [InlineData("1=solvent, 0=resin", new[] { "resin", "solvent" })]
    public void Channel_maps_parse_in_both_forms(string text, string[] expected) =>
        Assert.Equal(expected, VirtualStationOptions.ParseChannelMap(text));

    [Theory]
    [InlineData("0=resin,0=pag", "channel 0 given twice")]
    [InlineData("0=resin,5=pag", "'5=pag' is not index=pump with index 0..1")]
    [InlineData("", "channel map: empty")]
    public void Bad_channel_maps_name_the_problem(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => VirtualStationOptions.ParseChannelMap(text)).Message);

    [Theory]
    [InlineData(null, "localhost:1883", "stationId: required")]
    [InlineData("Bad_Id", "localhost:1883", "stationId:")]
    [InlineData("st-1", "broker:99999", "broker: 'broker:99999' has no valid port")]
    public void Options_are_checked_with_the_field_named(string? id, string broker, string message)
    {
        var o = new VirtualStationOptions { StationId = id, Broker = broker };
        Assert.StartsWith(message, o.Check());
    }

    [Fact]
    public void Speed_rate_and_credentials_are_checked()
    {
        Assert.StartsWith("speed:", new VirtualStationOptions { StationId = "a", Speed = -1 }.Check());
        Assert.StartsWith("telemetryHz:", new VirtualStationOptions { StationId = "a", TelemetryHz = 0 }.Check());
        Assert.StartsWith("password:", new VirtualStationOptions { StationId = "a", Password = "x" }.Check());
        Assert.Null(new VirtualStationOptions { StationId = "a" }.Check());
        Assert.Equal(("10.0.0.5", 1884), new VirtualStationOptions { Broker = "10.0.0.5:1884" }.BrokerEndpoint());
        Assert.Equal(("broker", 1883), new VirtualStationOptions { Broker = "broker" }.BrokerEndpoint());
    }

    [Fact]
    public void Config_file_loads_and_rejects_unknown_fields()
    {
        string good = Path.Combine(_dir, "good.json");
        File.WriteAllText(good, """
            { // station 1
              "stationId": "st-1", "broker": "gw:1883", "username": "st-1", "password": "pw",
              "channels": ["resin", "solvent"], "speed": 0, "telemetryHz": 2, "linkHoldS": 10 }
            """);
        var o = VirtualStationOptions.LoadFile(good);
        Assert.Equal("st-1", o.StationId);
        Assert.Equal(new[] { "resin", "solvent" }, o.Channels);
        Assert.Equal(2, o.TelemetryHz);
        Assert.Null(o.Check());

        string bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, """{ "stationId": "st-1", "brokr": "gw" }""");
        var ex = Assert.Throws<InvalidDataException>(() => VirtualStationOptions.LoadFile(bad));
        Assert.Contains("brokr", ex.Message);
    }

    [Fact]
    public void Channel_map_must_name_plant_pumps_once()
    {
        var plant = PlantSettings.Default();
        var wrong = new PlantSettings { Dosing = plant.Dosing, Hotplate = plant.Hotplate, ChannelMap = ["resin", "acid"] };
        Assert.StartsWith("channels[1]: 'acid' is not a pump of the plant", wrong.Check());
        var twice = new PlantSettings { Dosing = plant.Dosing, Hotplate = plant.Hotplate, ChannelMap = ["resin", "resin"] };
        Assert.Equal("channels: pump 'resin' is mapped twice", twice.Check());
    }

    [Fact]
    public void Durable_records_on_disk_survive_a_truncated_newest_file()
    {
        var files = new DirectoryFileStore(_dir);
        var store = new DurableRecordStore(files, "progress", 64);
        store.Save([1, 2, 3], 3);
        store.Save([4, 5, 6, 7], 4);
        // Power cut while the newest slot was being rewritten: the file is cut short on disk.
        string newest = Path.Combine(_dir, "progress.b");
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length - 3)]);

        var buffer = new byte[64];
        Assert.True(new DurableRecordStore(new DirectoryFileStore(_dir), "progress", 64).TryLoad(buffer, out int n));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..n]);
        Assert.Throws<ArgumentException>(() => files.Write("../escape", [1], 1));
    }
}
