using System;
using System.Collections;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

// Stand-in for nanoFramework.M2Mqtt 5.1.218 (github nanoframework/nanoFramework.m2mqtt, tag v5.1.218):
// the package ships two assemblies, nanoFramework.M2Mqtt.dll (MqttClient, MqttSettings, exceptions)
// and nanoFramework.M2Mqtt.Core.dll (IMqttClient and its delegates, MqttQoSLevel, MqttReasonCode,
// MqttMsgPublishEventArgs, MqttSslProtocols). Only the members the station uses are mirrored, each
// exactly as listed in NanoApi.listing.txt (ApiListingTests). Behaviour as the library's where it
// matters to the station: Publish throws MqttClientException(InflightQueueFull) once the in-flight
// queue holds MqttSettings.InflightQueueSize messages (default int.MaxValue: unbounded); the
// constructor resolves the host (DNS) and Connect does the TLS handshake with the host name.
// Everything else is a scriptable fake; its hooks are internal.

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    public enum MqttReasonCode
    {
        Success = 0x00,
        UnspecifiedError = 0x80,
        NotAuthorized = 0x87,
        ServerUnavailable = 0x88,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
            DupFlag = dupFlag;
            QosLevel = qosLevel;
            Retain = retain;
        }

        public string Topic { get; internal set; }

        public byte[] Message { get; internal set; }

        public bool DupFlag { get; internal set; }

        public MqttQoSLevel QosLevel { get; internal set; }

        public bool Retain { get; internal set; }
    }
}

namespace nanoFramework.M2Mqtt.Exceptions
{
    public enum MqttClientErrorCode
    {
        WillWrong = 1,
        KeepAliveWrong,
        TopicWildcard,
        TopicLength,
        QosNotAllowed,
        TopicsEmpty,
        QosLevelsEmpty,
        TopicsQosLevelsNotMatch,
        WrongBrokerMessage,
        WrongMessageId,
        InflightQueueFull,
        InvalidFlagBits,
        InvalidConnectFlags,
        InvalidClientId,
        InvalidProtocolName,
    }

    public class MqttClientException : Exception
    {
        public MqttClientException(MqttClientErrorCode errorCode) => ErrorCode = errorCode;

        public MqttClientErrorCode ErrorCode { get; set; }
    }
}

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }

    public class MqttSettings
    {
        public const int DefaultInflightQueueSize = int.MaxValue;

        private MqttSettings()
        {
            InflightQueueSize = DefaultInflightQueueSize;
            ValidateServerCertificate = true;
        }

        public static MqttSettings Instance => s_instance ??= new MqttSettings();

        public int InflightQueueSize { get; set; }

        public bool ValidateServerCertificate { get; set; }

        private static MqttSettings s_instance;

        /// <summary>Test: back to the library's defaults.</summary>
        internal static void Reset() => s_instance = null;
    }

    public class MqttClient : IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            Host = brokerHostName;
            Port = brokerPort;
            Secure = secure;
            CaCert = caCert;
            SslProtocol = sslProtocol;
            _settings = MqttSettings.Instance;
            lock (Created) Created.Add(this);
        }

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed;

        public bool IsConnected { get; private set; }

        public string ClientId { get; private set; }

        public bool WillFlag { get; private set; }

        public string WillTopic { get; private set; }

        public string WillMessage { get; private set; }

        public MqttSettings Settings => _settings;

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            ClientId = clientId;
            WillRetain = willRetain;
            WillFlag = willFlag;
            WillTopic = willTopic;
            WillMessage = willMessage;
            KeepAlive = keepAlivePeriod;
            MqttReasonCode? result = ConnectBehaviour(this);
            if (result == null) throw new InvalidOperationException("Exception connecting to the broker");
            IsConnected = result == MqttReasonCode.Success;
            return result.Value;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            Subscribed = topics;
            return 1;
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            if (!IsConnected) throw new InvalidOperationException("not connected");
            if (qosLevel != MqttQoSLevel.AtMostOnce && !BrokerAcks)
            {
                if (InFlight >= _settings.InflightQueueSize) throw new MqttClientException(MqttClientErrorCode.InflightQueueFull);
                InFlight++;
            }
            Published.Add((topic, message, retain));
            return (ushort)Published.Count;
        }

        public void Dispose()
        {
            IsConnected = false;
            Disposed = true;
        }

        private readonly MqttSettings _settings;

        // ---- test hooks (internal: not part of the mirrored surface) ----

        /// <summary>What the next Connect does (null = socket failure).</summary>
        internal static Func<MqttClient, MqttReasonCode?> ConnectBehaviour = _ => MqttReasonCode.Success;

        internal static readonly List<MqttClient> Created = new();

        internal string Host { get; }
        internal int Port { get; }
        internal bool Secure { get; }
        internal X509Certificate CaCert { get; }
        internal MqttSslProtocols SslProtocol { get; }
        internal bool Disposed { get; private set; }
        internal bool WillRetain { get; private set; }
        internal ushort KeepAlive { get; private set; }
        internal string[] Subscribed { get; private set; }
        internal List<(string Topic, byte[] Body, bool Retain)> Published { get; } = new();

        /// <summary>False: a stalled link, whose broker acknowledges nothing (QoS 1 messages stay in flight).</summary>
        internal bool BrokerAcks { get; set; } = true;

        /// <summary>QoS 1 messages the broker has not acknowledged.</summary>
        internal int InFlight { get; set; }

        internal void Deliver(string topic, byte[] payload) =>
            MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(topic, payload, false, MqttQoSLevel.AtLeastOnce, false));

        internal void Drop()
        {
            IsConnected = false;
            ConnectionClosed?.Invoke(this, EventArgs.Empty);
        }
    }
}
