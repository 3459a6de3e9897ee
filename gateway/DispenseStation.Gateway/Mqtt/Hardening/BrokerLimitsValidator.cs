using System.Net;
using DispenseStation.Gateway.Configuration;

namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>Start-up checks of Gateway:Mqtt:Limits and Gateway:Mqtt:Tls; each failure names the setting and the rule.</summary>
public static class BrokerLimitsValidator
{
    public static void Validate(MqttOptions m, Action<string, string> fail)
    {
        var l = m.Limits;
        if (l.MaxConnectPacketBytes is < 1024 or > 16 * 1024 * 1024)
            fail("Mqtt:Limits:MaxConnectPacketBytes", $"must be between 1024 and 16777216 (got {l.MaxConnectPacketBytes})");
        if (l.MaxPacketBytes is < 1024 or > 256 * 1024 * 1024)
            fail("Mqtt:Limits:MaxPacketBytes", $"must be between 1024 and 268435456 (got {l.MaxPacketBytes})");
        if (!(l.PublishesPerSecond > 0))
            fail("Mqtt:Limits:PublishesPerSecond", $"must be above 0 (got {l.PublishesPerSecond})");
        if (l.PublishBurst < 1)
            fail("Mqtt:Limits:PublishBurst", $"must be at least 1 (got {l.PublishBurst})");
        if (l.FailedLoginsBeforeBackoff < 1)
            fail("Mqtt:Limits:FailedLoginsBeforeBackoff", $"must be at least 1 (got {l.FailedLoginsBeforeBackoff})");
        if (l.FailedLoginsPerAddressBeforeBackoff < 1)
            fail("Mqtt:Limits:FailedLoginsPerAddressBeforeBackoff", $"must be at least 1 (got {l.FailedLoginsPerAddressBeforeBackoff})");
        if (!(l.BackoffSeconds > 0) || !(l.MaxBackoffSeconds >= l.BackoffSeconds))
            fail("Mqtt:Limits:BackoffSeconds", $"must be above 0 and at most MaxBackoffSeconds (got {l.BackoffSeconds} and {l.MaxBackoffSeconds})");
        if (l.ConcurrentPasswordChecks < 1)
            fail("Mqtt:Limits:ConcurrentPasswordChecks", $"must be at least 1 (got {l.ConcurrentPasswordChecks})");
        if (!(l.LogSummaryIntervalSeconds > 0))
            fail("Mqtt:Limits:LogSummaryIntervalSeconds", $"must be above 0 (got {l.LogSummaryIntervalSeconds})");
        if (l.MaxOpenAlarmsPerStation < 1)
            fail("Mqtt:Limits:MaxOpenAlarmsPerStation", $"must be at least 1 (got {l.MaxOpenAlarmsPerStation})");

        var t = m.Tls;
        if (t.Enabled)
        {
            if (t.Port is < 1 or > 65535 || t.Port == m.Port)
                fail("Mqtt:Tls:Port", $"must be between 1 and 65535 and differ from Mqtt:Port (got {t.Port})");
            if (!File.Exists(t.CertificateFile))
                fail("Mqtt:Tls:CertificateFile", $"file '{t.CertificateFile}' does not exist");
            if (t.KeyFile is { Length: > 0 } key && !File.Exists(key))
                fail("Mqtt:Tls:KeyFile", $"file '{key}' does not exist");
        }
        else if (IPAddress.TryParse(m.ListenAddress, out var listen) && !IPAddress.IsLoopback(listen))
        {
            fail("Mqtt:ListenAddress", $"'{m.ListenAddress}' is not loopback: plain MQTT is served only on loopback, so set Mqtt:Tls:CertificateFile and Mqtt:Tls:KeyFile for the network");
        }
    }
}
