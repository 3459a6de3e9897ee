// Reference stand-in for nanoFramework.System.Net 1.11.54 (github nanoframework/System.Net tag v1.11.54:
// X509Certificates/X509Certificate.cs, NetworkHelper/NetworkHelperStatus.cs). Unlike .NET's,
// X509Certificate(string) takes the PEM text itself.
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate()
        {
        }

        public X509Certificate(byte[] certificate)
        {
        }

        public X509Certificate(string certificate)
        {
        }
    }
}

namespace nanoFramework.Networking
{
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
}
