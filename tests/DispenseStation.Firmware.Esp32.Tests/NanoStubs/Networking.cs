using System;
using System.Threading;

// Stand-ins for nanoFramework.System.Device.Wifi 1.5.147 (WifiNetworkHelper, WifiReconnectionKind;
// github nanoframework/System.Device.Wifi tag v1.5.147) and nanoFramework.System.Net 1.11.54
// (NetworkHelperStatus; nanoframework/System.Net tag v1.11.54) and nanoFramework.Networking.Sntp 1.6.42
// (Sntp; nanoframework/nanoFramework.Networking.Sntp tag v1.6.42). Surface as NanoApi.listing.txt.
// Sntp.Start returns at once, as the native client does; the clock is set later, in the background.
// ConnectDhcp blocks until the network is up or the token expires, as the helper does.
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;

    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ErrorConnetingToWiFiWhileScanning,
        ExceptionOccurred,
        Reconnecting,
    }

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status => s_status;

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            ConnectCalls++;
            if (Available) { s_status = NetworkHelperStatus.NetworkIsReady; return true; }
            token.WaitHandle.WaitOne();
            s_status = NetworkHelperStatus.TokenExpiredWaitingIPAddress;
            return false;
        }

        private static NetworkHelperStatus s_status = NetworkHelperStatus.None;

        // ---- test hooks ----
        internal static bool Available = false;
        internal static int ConnectCalls;
    }
}

namespace nanoFramework.Networking
{
    public class Sntp
    {
        public static void Start()
        {
            IsStarted = true;
            StartCalls++;
        }

        public static void Stop() => IsStarted = false;

        public static void UpdateNow() { }

        public static bool IsStarted { get; private set; }

        /// <summary>The firmware's defaults until set.</summary>
        public static string Server1 { get; set; } = "0.pool.ntp.org";

        public static string Server2 { get; set; } = "1.pool.ntp.org";

        // ---- test hooks ----
        internal static int StartCalls;

        internal static void Reset()
        {
            IsStarted = false;
            StartCalls = 0;
            Server1 = "0.pool.ntp.org";
            Server2 = "1.pool.ntp.org";
        }
    }
}
