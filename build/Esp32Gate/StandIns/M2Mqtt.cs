// Reference stand-in for nanoFramework.M2Mqtt 5.1.218 (nanoFramework.M2Mqtt.dll and
// nanoFramework.M2Mqtt.Core.dll; surface as NanoApi.listing.txt). Never run.
namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0,
        AtLeastOnce = 1,
        ExactlyOnce = 2,
        GrantedFailure = 128,
    }

    public enum MqttReasonCode
    {
        Success = 0,
        UnspecifiedError = 128,
        NotAuthorized = 135,
        ServerUnavailable = 136,
    }

    public class MqttMsgPublishEventArgs : System.EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
        }

        public string Topic { get { throw new System.NotSupportedException("stand-in"); } }
        public byte[] Message { get { throw new System.NotSupportedException("stand-in"); } }
        public bool DupFlag { get { throw new System.NotSupportedException("stand-in"); } }
        public MqttQoSLevel QosLevel { get { throw new System.NotSupportedException("stand-in"); } }
        public bool Retain { get { throw new System.NotSupportedException("stand-in"); } }
    }
}

namespace nanoFramework.M2Mqtt.Exceptions
{
    public enum MqttClientErrorCode
    {
        WillWrong = 1,
        KeepAliveWrong = 2,
        TopicWildcard = 3,
        TopicLength = 4,
        QosNotAllowed = 5,
        TopicsEmpty = 6,
        QosLevelsEmpty = 7,
        TopicsQosLevelsNotMatch = 8,
        WrongBrokerMessage = 9,
        WrongMessageId = 10,
        InflightQueueFull = 11,
        InvalidFlagBits = 12,
        InvalidConnectFlags = 13,
        InvalidClientId = 14,
        InvalidProtocolName = 15,
    }

    public class MqttClientException : System.Exception
    {
        public MqttClientException(MqttClientErrorCode errorCode)
        {
        }

        public MqttClientErrorCode ErrorCode { get; set; }
    }
}

namespace nanoFramework.M2Mqtt
{
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols
    {
        None = 0,
        SSLv3 = 1,
        TLSv1_0 = 2,
        TLSv1_1 = 3,
        TLSv1_2 = 4,
        TLSv1_3 = 5,
    }

    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, System.EventArgs e);
    }

    public class MqttSettings
    {
        public const int DefaultInflightQueueSize = 2147483647;

        private MqttSettings()
        {
        }

        public static MqttSettings Instance { get { throw new System.NotSupportedException("stand-in"); } }

        public int InflightQueueSize { get; set; }

        public bool ValidateServerCertificate { get; set; }
    }

    public class MqttClient : System.IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
        }

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed;

        public bool IsConnected { get { throw new System.NotSupportedException("stand-in"); } }
        public string ClientId { get { throw new System.NotSupportedException("stand-in"); } }
        public bool WillFlag { get { throw new System.NotSupportedException("stand-in"); } }
        public string WillTopic { get { throw new System.NotSupportedException("stand-in"); } }
        public string WillMessage { get { throw new System.NotSupportedException("stand-in"); } }
        public MqttSettings Settings { get { throw new System.NotSupportedException("stand-in"); } }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            // Referenced so the compiler sees the events used, as the real client raises them.
            if (MqttMsgPublishReceived != null) MqttMsgPublishReceived(this, null);
            if (ConnectionClosed != null) ConnectionClosed(this, null);
            throw new System.NotSupportedException("stand-in");
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            throw new System.NotSupportedException("stand-in");
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            throw new System.NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }
}
