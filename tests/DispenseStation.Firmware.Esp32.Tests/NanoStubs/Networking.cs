using System;
using System.Collections.Generic;
using System.Threading;
// Stand-ins for nanoFramework.System.Device.Wifi (signatures from its sources); compile check only.
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind { Automatic, Manual }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;

    public enum NetworkHelperStatus { None, Started, NetworkIsReady, FailedNoNetworkInterface, ExceptionOccurred, TokenExpiredWaitingIPAddress, TokenExpiredWaitingDateTime, ErrorConnetingToWiFiWhileScanning }

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status => NetworkHelperStatus.None;

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw new NotSupportedException("ESP32 only");
    }
}
