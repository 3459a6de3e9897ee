// Reference stand-ins for nanoFramework.System.Device.Wifi 1.5.147 (WifiNetworkHelper,
// WifiReconnectionKind) and nanoFramework.Networking.Sntp 1.6.42 (github
// nanoframework/nanoFramework.Networking.Sntp tag v1.6.42, Sntp.cs: a non-static class of static
// externs at that tag). Surface as NanoApi.listing.txt. Never run.
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
    using System.Threading;

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status { get { throw new System.NotSupportedException("stand-in"); } }

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            throw new System.NotSupportedException("stand-in");
        }
    }

    public class Sntp
    {
        public static void Start()
        {
            throw new System.NotSupportedException("stand-in");
        }

        public static void Stop()
        {
            throw new System.NotSupportedException("stand-in");
        }

        public static void UpdateNow()
        {
            throw new System.NotSupportedException("stand-in");
        }

        public static bool IsStarted { get { throw new System.NotSupportedException("stand-in"); } }

        public static string Server1
        {
            get { throw new System.NotSupportedException("stand-in"); }
            set { throw new System.NotSupportedException("stand-in"); }
        }

        public static string Server2
        {
            get { throw new System.NotSupportedException("stand-in"); }
            set { throw new System.NotSupportedException("stand-in"); }
        }
    }
}
