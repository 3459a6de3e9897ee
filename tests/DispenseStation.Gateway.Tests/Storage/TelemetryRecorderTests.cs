using System.Text;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProtocolSample = DispenseStation.Protocol.Messages.TelemetrySample;

namespace DispenseStation.Gateway.Tests.Storage;

public sealed class TelemetryRecorderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new("ds-rec-");

    /// <summary>A 5 Hz station that batches one second of samples per message; the plate sensor drops out every fifth sample.</summary>
    private static byte[] Second(int k)
    {
        var m = new TelemetryMessage(5, 2) { Seq = k, UptimeMs = k * 1000 + 800, SampleCount = 5 };
        for (var i = 0; i < 5; i++)
        {
            var n = 5 * k + i;
            ProtocolSample s = m.Samples[i];
            s.UptimeMs = k * 1000 + 200 * i;
            s.ScaleGrams = 0.5 * n;
            s.PlateC = i == 4 ? double.NaN : 90 + n;
            s.SetpointC = double.NaN;
            s.HeaterDuty = 0.25;
        }
        var w = new JsonWriter(4096);
        Assert.True(m.WriteTo(w) > 0);
        return w.ToArray();
    }

    [Fact]
    public async Task Batched_5_Hz_telemetry_is_stored_as_one_averaged_row_per_second()
    {
        var options = new GatewayOptions { Storage = { ConnectionString = $"Data Source={_dir.File("r.db")}" } };
        var cs = StorageSetup.Normalize(options.Storage);
        var dialect = SqlDialect.For(StorageProvider.Sqlite);
        await new Migrator(dialect, cs).MigrateAsync();
        var repo = new SqlGatewayRepository(dialect, cs);
        var opts = Options.Create(options);
        using var mqtt = new GatewayMqttClient(opts, new GatewayCredentials(opts), NullLogger<GatewayMqttClient>.Instance); // never started
        using var recorder = new TelemetryRecorder(mqtt, repo, opts, TimeProvider.System, NullLogger<TelemetryRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        for (var k = 0; k < 10; k++) recorder.Accept("st-1", Second(k), T0.AddMilliseconds(k * 1000 + 800));
        recorder.Accept("st-1", Encoding.UTF8.GetBytes("{\"seq\":1}"), T0.AddSeconds(11));
        await recorder.StopAsync(CancellationToken.None);

        var rows = await repo.GetTelemetryAsync("st-1", T0, T0.AddMinutes(1));
        Assert.Equal(10, rows.Count); // 50 samples -> 10 rows
        Assert.Equal(10, recorder.StoredRows);
        Assert.Equal(1, recorder.RejectedMessages);
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(T0.AddSeconds(k), rows[k].At);
            Assert.Equal(0.5 * (5 * k + 2), rows[k].ScaleGrams!.Value, 9);
            Assert.Equal(90 + 5 * k + 1.5, rows[k].PlateC!.Value, 9); // mean of the 4 samples that had a value
            Assert.Null(rows[k].SetpointC);                          // heater idle all second
            Assert.Equal(0.25, rows[k].HeaterDuty!.Value, 9);
        }
    }

    [Fact]
    public async Task Telemetry_published_by_a_station_ends_up_in_the_database()
    {
        var db = _dir.File("live.db");
        var settings = RunningGateway.StationSettings(new Dictionary<string, string> { ["st-1"] = "pw-one" });
        settings["Gateway:Storage:ConnectionString"] = $"Data Source={db}";
        settings["Gateway:Telemetry:DownsampleMilliseconds"] = "100";
        var gw = await RunningGateway.StartAsync(settings);
        await using (var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one"))
        {
            for (var k = 0; k < 3; k++)
                await st.Client.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder()
                    .WithTopic("dispense/v1/st-1/telemetry").WithPayload(Second(k))
                    .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/telemetry");
            await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/telemetry");
            await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/telemetry");
        }
        var recorder = gw.App.Services.GetRequiredService<TelemetryRecorder>();
        await gw.DisposeAsync(); // stopping flushes the open bucket

        // All 15 samples arrive within a few ms of each other, so they land in one to a few 100 ms buckets.
        Assert.InRange(recorder.StoredRows, 1, 15);
        var repo = new SqlGatewayRepository(SqlDialect.For(StorageProvider.Sqlite), StorageSetup.Normalize(new StorageOptions { ConnectionString = $"Data Source={db}" }));
        var rows = await repo.GetTelemetryAsync("st-1", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(recorder.StoredRows, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.ScaleGrams!.Value, 0, 7));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
