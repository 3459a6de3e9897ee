using System;
using System.Text;
using DispenseStation.Firmware.Esp32;
using nanoFramework.Networking;

namespace DispenseStation.Firmware.Esp32.Tests;

[Collection("M2Mqtt stand-in")]
public class NetworkStartTests
{
    [Fact]
    public void Wifi_comes_up_on_the_network_thread_and_only_then_is_the_link_started()
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes("station.id=bench-01\nwifi.ssid=lab\nmqtt.host=broker.lab\n");
        var settings = StationSettings.Load(store);
        var link = new MqttLink(settings.Mqtt, new TestClock(), 4, "s", "w", new string[0]);
        var network = new NetworkStart(settings, link);
        WifiNetworkHelper.Available = true;
        try
        {
            Assert.True(network.ConnectOnce());
            Assert.Equal(1, network.WifiAttempts);
            Assert.Equal(NetworkHelperStatus.NetworkIsReady, WifiNetworkHelper.Status);
        }
        finally
        {
            WifiNetworkHelper.Available = false;
        }
    }

    [Fact]
    public void SNTP_is_started_on_the_configured_servers_without_waiting_for_the_time()
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes(
            "station.id=bench-01\nwifi.ssid=lab\nmqtt.host=broker.lab\nntp.server=ntp.lab.example\nntp.server2=time.lab.example\n");
        var settings = StationSettings.Load(store);
        var network = new NetworkStart(settings, new MqttLink(settings.Mqtt, new TestClock(), 4, "s", "w", new string[0]));
        Sntp.Reset();
        try
        {
            network.StartTimeSync();
            Assert.True(Sntp.IsStarted);
            Assert.Equal(1, Sntp.StartCalls);
            Assert.Equal("ntp.lab.example", Sntp.Server1);
            Assert.Equal("time.lab.example", Sntp.Server2);
        }
        finally
        {
            Sntp.Reset();
        }
    }

    [Fact]
    public void SNTP_keeps_the_firmware_defaults_when_no_server_is_configured()
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes("station.id=bench-01\nwifi.ssid=lab\nmqtt.host=broker.lab\n");
        var settings = StationSettings.Load(store);
        var network = new NetworkStart(settings, new MqttLink(settings.Mqtt, new TestClock(), 4, "s", "w", new string[0]));
        Sntp.Reset();
        try
        {
            network.StartTimeSync();
            Assert.True(Sntp.IsStarted);
            Assert.Equal("0.pool.ntp.org", Sntp.Server1);
        }
        finally
        {
            Sntp.Reset();
        }
    }

    [Fact]
    public void UTC_is_trusted_only_once_SNTP_has_set_the_clock()
    {
        Assert.Equal(-1, SntpWallClock.ToUnixMs(new DateTime(1970, 1, 1)));
        Assert.Equal(-1, SntpWallClock.ToUnixMs(SntpWallClock.SaneUtc.AddTicks(-1)));
        Assert.Equal(1704067200000L, SntpWallClock.ToUnixMs(SntpWallClock.SaneUtc)); // 2024-01-01T00:00:00Z
        Assert.Equal(1704067200001L, SntpWallClock.ToUnixMs(SntpWallClock.SaneUtc.AddMilliseconds(1.9)));
    }
}
