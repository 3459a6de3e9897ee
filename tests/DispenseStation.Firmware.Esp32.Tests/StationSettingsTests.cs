using System;
using System.IO;
using System.Text;
using DispenseStation.Firmware.Esp32;

namespace DispenseStation.Firmware.Esp32.Tests;

public class StationSettingsTests
{
    internal const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static StationSettings Load(string text, string caName = "ca.pem", byte[] ca = null)
    {
        var store = new MemoryStore();
        store.Files[StationSettings.FileName] = Encoding.UTF8.GetBytes(text);
        if (caName != null) store.Files[caName] = ca ?? Encoding.UTF8.GetBytes(CaPem);
        return StationSettings.Load(store);
    }

    private const string Plain = "# bench\nstation.id=bench-01\r\nwifi.ssid=lab\nwifi.password=pw\nmqtt.host=10.0.0.2\nmqtt.port=1883\nmqtt.tls=false\nmqtt.user=u\nmqtt.password=p = q\n";
    private const string Valid = "# bench\nstation.id=bench-01\r\nwifi.ssid=lab\nwifi.password=pw\nmqtt.host=broker.lab\nmqtt.port=8883\nmqtt.tls=true\nmqtt.ca=ca.pem\nmqtt.user=u\nmqtt.password=p = q\n";

    [Fact]
    public void Reads_every_key()
    {
        var s = Load(Valid);
        Assert.Equal("bench-01", s.StationId);
        Assert.Equal(("lab", "pw"), (s.WifiSsid, s.WifiPassword));
        Assert.Equal(("broker.lab", 8883, true), (s.Mqtt.Host, s.Mqtt.Port, s.Mqtt.UseTls));
        Assert.Equal(CaPem, s.Mqtt.CaCertificatePem);
        Assert.Equal("p = q", s.Mqtt.Password);
        Assert.Equal("bench-01", s.Mqtt.ClientId); // the gateway broker requires client id = station id
        Assert.Equal(30, s.Mqtt.KeepAliveSeconds);
        Assert.Equal(2, s.Mqtt.InflightLimit);
    }

    [Fact]
    public void Without_TLS_an_address_and_no_CA_are_accepted()
    {
        var s = Load(Plain, caName: null);
        Assert.False(s.Mqtt.UseTls);
        Assert.Null(s.Mqtt.CaCertificatePem);
    }

    [Theory]
    [InlineData("mqtt.inflight=1", 1)]
    [InlineData("mqtt.inflight=64", 64)]
    public void The_inflight_limit_is_taken_at_its_bounds(string line, int expected)
    {
        Assert.Equal(expected, Load(Valid + line + "\n").Mqtt.InflightLimit);
    }

    [Fact]
    public void TLS_needs_a_CA_file_and_a_host_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => Load(Valid.Replace("mqtt.ca=ca.pem\n", "")));
        Assert.Contains("mqtt.ca must name the broker's CA certificate file when mqtt.tls=true", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Load(Valid.Replace("broker.lab", "10.0.0.2")));
        Assert.Contains("mqtt.host must be the broker's host name when mqtt.tls=true", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Load(Valid.Replace("broker.lab", "fd00::2")));
        Assert.Contains("mqtt.host must be the broker's host name", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Load(Valid, caName: "other.pem"));
        Assert.Contains("mqtt.ca: file 'ca.pem' is missing from the flash store", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Load(Valid, ca: Encoding.UTF8.GetBytes("not a certificate")));
        Assert.Contains("mqtt.ca: file 'ca.pem' holds no PEM certificate", ex.Message);
    }

    [Fact]
    public void The_CA_file_is_taken_at_its_size_limit_and_refused_one_byte_over()
    {
        byte[] AtSize(int n)
        {
            var bytes = new byte[n];
            Array.Fill(bytes, (byte)'#');
            Encoding.UTF8.GetBytes(CaPem).CopyTo(bytes, 0);
            return bytes;
        }
        Assert.NotNull(Load(Valid, ca: AtSize(StationSettings.MaxCaBytes)).Mqtt.CaCertificatePem);
        var ex = Assert.Throws<ArgumentException>(() => Load(Valid, ca: AtSize(StationSettings.MaxCaBytes + 1)));
        Assert.Contains("mqtt.ca: file 'ca.pem' is 4097 bytes, more than 4096", ex.Message);
    }

    [Fact]
    public void The_shipped_example_is_valid()
    {
        string example = Path.Combine(FindRoot(), "firmware", "DispenseStation.Firmware.Esp32", "station.cfg.example");
        Assert.Equal("bench-01", Load(File.ReadAllText(example), caName: "broker-ca.pem").StationId);
    }

    [Theory]
    [InlineData("mqtt.port=70000", "mqtt.port must be a whole number 1..65535")]
    [InlineData("mqtt.port=abc", "mqtt.port must be a whole number")]
    [InlineData("mqtt.tls=yes", "mqtt.tls must be true or false")]
    [InlineData("colour=blue", "unknown key 'colour'")]
    [InlineData("just text", "expected key=value")]
    [InlineData("station.id=Bench 1", "station.id: station id may contain only lowercase letters")]
    [InlineData("station.id=", "station.id: station id is empty")]
    [InlineData("wifi.ssid=", "wifi.ssid must be set")]
    [InlineData("mqtt.host=", "mqtt.host must be set")]
    [InlineData("mqtt.inflight=0", "mqtt.inflight must be a whole number 1..64")]
    [InlineData("mqtt.inflight=65", "mqtt.inflight must be a whole number 1..64")]
    public void Bad_settings_name_the_key_and_the_rule(string line, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Load(Valid + line + "\n"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_missing_file_says_what_to_do()
    {
        var ex = Assert.Throws<ArgumentException>(() => StationSettings.Load(new MemoryStore()));
        Assert.Contains("station.cfg is missing", ex.Message);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir!.FullName;
    }
}

public class FlashFileStoreTests
{
    [Fact]
    public void Round_trips_blobs_and_rejects_path_like_names()
    {
        string root = Path.Combine(Path.GetTempPath(), "ds-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new FlashFileStore(root);
            Assert.Null(store.Read("batch.a"));
            store.Write("batch.a", new byte[] { 1, 2, 3, 4 }, 3);
            Assert.Equal(new byte[] { 1, 2, 3 }, store.Read("batch.a"));
            store.Write("batch.a", new byte[] { 9 }, 1);
            Assert.Equal(new byte[] { 9 }, store.Read("batch.a"));
            store.Delete("batch.a");
            Assert.Null(store.Read("batch.a"));
            store.Delete("batch.a");
            Assert.Equal("name", Assert.Throws<ArgumentException>(() => store.Read("../etc")).ParamName);
            Assert.Equal("name", Assert.Throws<ArgumentException>(() => store.Write("", new byte[1], 1)).ParamName);
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => store.Write("x", new byte[1], 2)).ParamName);
        }
        finally
        {
            // The store joins with '\' as on the device; on Linux that lands beside the folder.
            foreach (string f in Directory.GetFiles(Path.GetDirectoryName(root)!, Path.GetFileName(root) + "*")) File.Delete(f);
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }
}
