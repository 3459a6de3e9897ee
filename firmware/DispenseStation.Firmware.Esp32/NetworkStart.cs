using System;
using System.Device.Wifi;
using nanoFramework.Networking;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Wi-Fi and MQTT on their own thread, so boot and the control loop never wait for a network:
    /// ConnectDhcp blocks (scan, association, DHCP) and reconnects by itself afterwards. Then SNTP is
    /// started (a native client that sets the RTC in the background and refreshes it hourly; nothing
    /// waits for it: <see cref="SntpWallClock"/> puts UTC into the messages once the clock is set),
    /// and the MQTT link is started once, then keeps reconnecting with backoff.
    /// </summary>
    public sealed class NetworkStart
    {
        private readonly StationSettings _settings;
        private readonly MqttLink _link;

        public NetworkStart(StationSettings settings, MqttLink link)
        {
            if (settings == null) throw new ArgumentNullException("settings");
            if (link == null) throw new ArgumentNullException("link");
            _settings = settings;
            _link = link;
        }

        /// <summary>Wi-Fi attempts until the first success (the helper reconnects by itself after).</summary>
        public int WifiAttempts { get; private set; }

        public void Run()
        {
            while (!ConnectOnce())
            {
                System.Threading.Thread.Sleep(5000);
            }
            StartTimeSync();
            _link.Start();
        }

        /// <summary>Starts the SNTP client on the servers from the settings (ntp.server, ntp.server2;
        /// else the firmware's pool.ntp.org defaults). Returns at once: the first answer sets the RTC.</summary>
        public void StartTimeSync()
        {
            if (_settings.NtpServer != null) Sntp.Server1 = _settings.NtpServer;
            if (_settings.NtpServer2 != null) Sntp.Server2 = _settings.NtpServer2;
            Sntp.Start();
            FieldLog.Write("time", "SNTP started (" + Sntp.Server1 + ", " + Sntp.Server2 + "); messages carry uptime until the clock is set");
        }

        /// <summary>One Wi-Fi attempt of up to 30 s; the thread's body, and the tests'.</summary>
        public bool ConnectOnce()
        {
            WifiAttempts++;
            System.Threading.CancellationTokenSource cts = new System.Threading.CancellationTokenSource(30000);
            bool ok = WifiNetworkHelper.ConnectDhcp(_settings.WifiSsid, _settings.WifiPassword,
                WifiReconnectionKind.Automatic, false, 0, cts.Token);
            if (!ok) FieldLog.Write("wifi", "not connected (" + WifiNetworkHelper.Status + "); retrying in 5 s, the station runs without it");
            return ok;
        }
    }
}
