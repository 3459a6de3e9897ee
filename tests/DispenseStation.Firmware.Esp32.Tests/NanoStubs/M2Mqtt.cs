using System;
using System.Collections.Generic;
using System.Threading;
// Stand-in for nanoFramework.M2Mqtt with the client's signatures (from its sources). Unlike the
// other stubs it is a scriptable fake, so MqttLink's connect/reconnect/receive logic can be tested.
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte { AtMostOnce = 0x00, AtLeastOnce = 0x01, ExactlyOnce = 0x02 }

    public enum MqttReasonCode : byte { Success = 0x00, UnspecifiedError = 0x80, NotAuthorized = 0x87, ServerUnavailable = 0x88 }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
        }

        public string Topic { get; }

        public byte[] Message { get; }
    }
}

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols { None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2 }

    public class MqttClient : IDisposable
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        /// <summary>Test script: what the next Connect does (null = socket failure).</summary>
        public static Func<MqttClient, MqttReasonCode?> ConnectBehaviour = _ => MqttReasonCode.Success;

        public static readonly List<MqttClient> Created = new();

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            Host = brokerHostName;
            Port = brokerPort;
            Secure = secure;
            lock (Created) Created.Add(this);
        }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event ConnectionClosedEventHandler ConnectionClosed;

        public string Host { get; }
        public int Port { get; }
        public bool Secure { get; }
        public bool IsConnected { get; private set; }
        public bool Disposed { get; private set; }
        public string ClientId { get; private set; }
        public bool WillRetain { get; private set; }
        public bool WillFlag { get; private set; }
        public string WillTopic { get; private set; }
        public string WillMessage { get; private set; }
        public ushort KeepAlive { get; private set; }
        public string[] Subscribed { get; private set; }
        public List<(string Topic, byte[] Body, bool Retain)> Published { get; } = new();

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
            Published.Add((topic, message, retain));
            return (ushort)Published.Count;
        }

        /// <summary>Test: the broker delivers a message.</summary>
        public void Deliver(string topic, byte[] payload) =>
            MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(topic, payload, false, MqttQoSLevel.AtLeastOnce, false));

        /// <summary>Test: the connection drops.</summary>
        public void Drop()
        {
            IsConnected = false;
            ConnectionClosed?.Invoke(this, EventArgs.Empty);
        }

        public void Dispose()
        {
            IsConnected = false;
            Disposed = true;
        }
    }
}
