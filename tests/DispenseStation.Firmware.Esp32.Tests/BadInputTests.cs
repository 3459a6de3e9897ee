using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// Issue 11, bad input: a missing load cell or RTD and a broker that refuses TLS. The station, as
/// Program assembles it, never pumps or heats without its sensor and says what is wrong in words
/// (an alarm over MQTT when connected); the link says in words why the broker refused it. Missing or
/// malformed settings are in StationSettingsTests (each key, each rule, named).
/// </summary>
[Collection("M2Mqtt stand-in")]
public class BadInputTests
{
    private sealed class DeadLoadCell : ILoadCellAdc
    {
        public int SamplesPerSecond => 10;
        public bool TryRead(out int rawCounts) { rawCounts = 0; return false; }
    }

    private sealed class DeadRtd : ITemperatureSensor
    {
        public bool TryRead(out double celsius, out int faultBits) { celsius = double.NaN; faultBits = SensorFaults.NoResponse; return false; }
    }

    private sealed class WatchedPump(IPumpOutput inner) : IPumpOutput
    {
        public double MaxCommanded;
        public void SetSpeed(double fraction) { MaxCommanded = Math.Max(MaxCommanded, fraction); inner.SetSpeed(fraction); }
        public double CommandedSpeed => inner.CommandedSpeed;
    }

    private sealed class WatchedHeater(IHeaterOutput inner) : IHeaterOutput
    {
        public double MaxDuty;
        public void SetDuty(double duty) { MaxDuty = Math.Max(MaxDuty, duty); inner.SetDuty(duty); }
        public void ForceOff() => inner.ForceOff();
        public double AppliedDuty => inner.AppliedDuty;
    }

    private sealed class RecordingLink : IMessageLink
    {
        public readonly Queue<(string Topic, byte[] Payload)> Inbox = new();
        public readonly List<(string Topic, byte[] Payload)> Published = new();
        public bool IsConnected => true;
        public int ConnectionEpoch => 1;
        public bool Publish(string topic, byte[] payload, int length, bool retain) { Published.Add((topic, payload[..length])); return true; }
        public bool TryReceive(out string topic, out byte[] payload)
        {
            if (Inbox.TryDequeue(out var m)) { topic = m.Topic; payload = m.Payload; return true; }
            topic = null; payload = null; return false;
        }

        public List<JsonElement> Events(string kind) => Published.Where(p => p.Topic == Topics.Event(SimulatedEsp32Station.Id))
            .Select(p => JsonDocument.Parse(p.Payload).RootElement).Where(e => e.TryGetProperty("kind", out var k) && k.GetString() == kind).ToList();
    }

    private static string SelfSignedCaPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    private static void Start(SimulatedEsp32Station sim, RecordingLink link, ControlRecipe recipe)
    {
        var w = new Protocol.Json.JsonWriter(16384);
        int n = new Protocol.Messages.CommandMessage { Id = "c-start", Name = CommandNames.Start, Recipe = recipe }.WriteTo(w);
        link.Inbox.Enqueue((Topics.Command(SimulatedEsp32Station.Id, CommandNames.Start), w.Buffer[..n]));
    }

    [Fact]
    public void A_missing_load_cell_never_pumps_and_says_so_in_words()
    {
        var sim = new SimulatedEsp32Station();
        var link = new RecordingLink();
        var pumps = sim.Hardware.Pumps.Select(p => new WatchedPump(p)).ToArray();
        sim.Hardware.Pumps = pumps;
        sim.Hardware.LoadCell = new DeadLoadCell();
        sim.Hardware.Link = link;
        sim.Assemble();
        for (int i = 0; i < 100; i++) sim.Step();
        Start(sim, link, SimulatedEsp32Station.DoseThenBake());
        for (int i = 0; i < 60 * 50; i++) sim.Step(); // one minute

        Assert.All(pumps, p => Assert.Equal(0, p.MaxCommanded));
        Assert.NotEqual(PackMlState.Execute, sim.Station.Runtime.State);
        var alarms = link.Events(EventKinds.AlarmRaised);
        Assert.NotEmpty(alarms);
        string words = string.Join(" | ", alarms.Select(a => a.GetProperty("message").GetString()));
        Assert.Contains("scale", words, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_RTD_never_heats_and_says_so_in_words()
    {
        var sim = new SimulatedEsp32Station();
        var link = new RecordingLink();
        var heater = new WatchedHeater(sim.Hardware.Heater);
        sim.Hardware.Heater = heater;
        sim.Hardware.PlateSensor = new DeadRtd();
        sim.Hardware.Link = link;
        sim.Assemble();
        for (int i = 0; i < 100; i++) sim.Step();
        var bakeOnly = new ControlRecipe
        {
            BatchId = "B-rtd", RecipeName = "bake", MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Bake, Name = "PAB", Bake = new[] { new BakeSegment(100, 0, 60, 1.0) } } },
        };
        Start(sim, link, bakeOnly);
        for (int i = 0; i < 60 * 50; i++) sim.Step();

        Assert.Equal(0, heater.MaxDuty);
        Assert.Equal(0, sim.Plate.Heater.AppliedDuty);
        var alarms = link.Events(EventKinds.AlarmRaised);
        Assert.NotEmpty(alarms);
        string words = string.Join(" | ", alarms.Select(a => a.GetProperty("message").GetString()));
        Assert.True(words.Contains("sensor", StringComparison.OrdinalIgnoreCase) || words.Contains("RTD", StringComparison.OrdinalIgnoreCase), words);
    }

    [Fact]
    public void A_broker_that_refuses_TLS_leaves_the_link_down_with_the_reason_in_words()
    {
        MqttClient.ConnectBehaviour = _ => throw new System.Security.Authentication.AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback");
        try
        {
            var settings = new MqttSettings { Host = "broker.lab", Port = 8883, UseTls = true, ClientId = "bench-01",
                CaCertificatePem = SelfSignedCaPem() };
            var clock = new TestClock();
            var link = new MqttLink(settings, clock, 4, "s", "w", new string[0]);
            link.Service();
            Assert.False(link.IsConnected);
            Assert.Equal(1, link.ConsecutiveFailures);
            Assert.Contains("broker.lab:8883 (TLS) failed the TLS handshake or is unreachable", link.LastConnectProblem);
            Assert.Contains("AuthenticationException: The remote certificate was rejected", link.LastConnectProblem);

            MqttClient.ConnectBehaviour = _ => MqttReasonCode.Success;
            clock.UptimeMs += 120000; // past the backoff
            link.Service();
            Assert.True(link.IsConnected);
            Assert.Null(link.LastConnectProblem);
        }
        finally
        {
            MqttClient.ConnectBehaviour = _ => MqttReasonCode.Success;
        }
    }

    [Fact]
    public void A_broker_that_refuses_the_station_is_named_with_its_reason()
    {
        MqttClient.ConnectBehaviour = _ => MqttReasonCode.NotAuthorized;
        try
        {
            var link = new MqttLink(new MqttSettings { Host = "broker.lab", ClientId = "bench-01" }, new TestClock(), 4, "s", "w", new string[0]);
            link.Service();
            Assert.False(link.IsConnected);
            Assert.Equal("broker broker.lab:1883 refused the connection: not authorized (check mqtt.user and mqtt.password: the broker admits a station whose user name is its id)",
                link.LastConnectProblem);
        }
        finally
        {
            MqttClient.ConnectBehaviour = _ => MqttReasonCode.Success;
        }
    }
}
