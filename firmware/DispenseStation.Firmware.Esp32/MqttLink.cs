using System.Security.Cryptography.X509Certificates;
using System.Threading;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Ports;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The station's MQTT link over nanoFramework.M2Mqtt. M2Mqtt does not reconnect by itself, so
    /// a connection thread does it with exponential backoff and jitter. The last will (retained,
    /// QoS 1) marks the station offline when the broker loses it. Received messages are queued by
    /// M2Mqtt's receive thread and polled by the station worker thread, which parses them for the
    /// station loop (the loop publishes). A connect (DNS in M2Mqtt's constructor, TLS handshake in Connect) blocks only the
    /// connection thread, never the control loop. M2Mqtt's in-flight queue is unbounded by default
    /// (MqttSettings.InflightQueueSize = int.MaxValue): QoS 1 telemetry on a stalled link would grow
    /// the heap until it runs out, so the link caps it and counts what it had to refuse.
    /// </summary>
    public sealed class MqttLink : IMessageLink
    {
        private readonly object _gate = new object();
        private readonly MqttSettings _settings;
        private readonly IClock _clock;
        private readonly MessageQueue _received;
        private readonly ReconnectBackoff _backoff;
        private readonly string _willTopic;
        private readonly string _willMessage;
        private readonly string[] _subscriptions;
        private readonly MqttQoSLevel[] _subscriptionQos;
        private MqttClient _client;
        private bool _connected; // guarded by _gate (no 'volatile' under nanoFramework)
        private int _epoch;
        private int _refusedPublishes;
        private string _connectProblem; // guarded by _gate
        private string _loggedProblem;  // connection thread only
        private Thread _thread;

        /// <param name="willTopic">The station's retained state topic.</param>
        /// <param name="willMessage">The offline state document (M2Mqtt sends the will as a string).</param>
        /// <param name="subscriptions">Command topics, e.g. "dispense/v1/{station}/cmd/#".</param>
        public MqttLink(MqttSettings settings, IClock clock, int receiveCapacity, string willTopic, string willMessage, string[] subscriptions)
        {
            if (settings == null) throw new System.ArgumentNullException("settings");
            if (settings.Host == null || settings.Host.Length == 0) throw new System.ArgumentException("mqtt host must be set", "settings");
            if (settings.ClientId == null || settings.ClientId.Length == 0) throw new System.ArgumentException("mqtt client id must be set", "settings");
            _settings = settings;
            _clock = clock;
            _received = new MessageQueue(receiveCapacity);
            _willTopic = willTopic;
            _willMessage = willMessage;
            _subscriptions = subscriptions;
            _subscriptionQos = new MqttQoSLevel[subscriptions.Length];
            for (int i = 0; i < _subscriptionQos.Length; i++) _subscriptionQos[i] = MqttQoSLevel.AtLeastOnce;
            _backoff = new ReconnectBackoff(1000, 60000, 20, Hash(settings.ClientId));
        }

        public bool IsConnected { get { lock (_gate) { return _connected; } } }

        public int ConnectionEpoch { get { lock (_gate) { return _epoch; } } }

        /// <summary>Messages dropped because the station loop fell behind.</summary>
        public int DroppedMessages { get { return _received.Dropped; } }

        public void Start()
        {
            _thread = new Thread(ConnectionLoop);
            _thread.Start();
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            MqttClient client;
            lock (_gate)
            {
                client = _client;
                if (!_connected || client == null) return false;
            }
            byte[] body = payload;
            if (length != payload.Length)
            {
                // M2Mqtt sends whole arrays; the core passes exact-length buffers on the hot path.
                body = new byte[length];
                System.Array.Copy(payload, body, length);
            }
            try
            {
                client.Publish(topic, body, null, null, MqttQoSLevel.AtLeastOnce, retain);
                return true;
            }
            catch (MqttClientException)
            {
                // In-flight queue full: the core retries what matters; the link stays up.
                lock (_gate) { _refusedPublishes++; }
                return false;
            }
            catch (System.Exception)
            {
                SetConnected(false);
                return false;
            }
        }

        public bool TryReceive(out string topic, out byte[] payload)
        {
            return _received.TryDequeue(out topic, out payload);
        }

        /// <summary>Publishes refused because the in-flight queue was full (the broker stopped acknowledging).</summary>
        public int RefusedPublishes { get { lock (_gate) { return _refusedPublishes; } } }

        /// <summary>Why the last connect failed, in words (null once connected): the broker's reason
        /// code, or the exception of a refused TLS handshake, DNS or socket. Also on the serial log.</summary>
        public string LastConnectProblem { get { lock (_gate) { return _connectProblem; } } }

        /// <summary>Consecutive failed connects (0 while connected).</summary>
        public int ConsecutiveFailures { get { return _backoff.ConsecutiveFailures; } }

        /// <summary>
        /// One pass of connection management: notices a dropped connection and, when the backoff
        /// allows, tries to connect. Runs on the link's own thread (blocking connects never touch
        /// the control loop); tests call it directly.
        /// </summary>
        public void Service()
        {
            MqttClient client;
            lock (_gate) { client = _client; }
            if (IsConnected && (client == null || !client.IsConnected)) SetConnected(false);
            if (!IsConnected && _backoff.ShouldAttempt(_clock.UptimeMs))
            {
                if (TryConnect())
                {
                    _backoff.RecordSuccess();
                    if (_loggedProblem != null) FieldLog.Write("mqtt", "connected to " + _settings.Host + ":" + _settings.Port);
                    _loggedProblem = null;
                }
                else
                {
                    _backoff.RecordFailure(_clock.UptimeMs);
                    string problem = LastConnectProblem;
                    // Once per distinct problem, not at every retry.
                    if (problem != null && problem != _loggedProblem)
                    {
                        FieldLog.Write("mqtt", problem + "; retrying with backoff, the station runs without the broker (no batch starts)");
                        _loggedProblem = problem;
                    }
                }
            }
        }

        private void ConnectionLoop()
        {
            while (true)
            {
                Service();
                Thread.Sleep(250);
            }
        }

        private bool TryConnect()
        {
            DisposeClient();
            MqttClient client = null;
            try
            {
                // TLS: the broker's CA from the settings, and the host name (M2Mqtt authenticates the
                // server certificate against the name it was given, so an IP address fails the check).
                X509Certificate ca = _settings.UseTls ? TlsTrust.FromPem(_settings.CaCertificatePem) : null;
                client = new MqttClient(_settings.Host, _settings.Port, _settings.UseTls, ca, null,
                    _settings.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                // The library's settings are one shared instance; bound its in-flight queue before connecting.
                client.Settings.InflightQueueSize = _settings.InflightLimit;
                client.Settings.ValidateServerCertificate = true;
                client.MqttMsgPublishReceived += OnMessage;
                client.ConnectionClosed += OnClosed;
                MqttReasonCode code = client.Connect(_settings.ClientId, _settings.UserName, _settings.Password,
                    true, MqttQoSLevel.AtLeastOnce, true, _willTopic, _willMessage, true, _settings.KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    SetProblem("broker " + Where() + " refused the connection: " + Describe(code));
                    client.Dispose();
                    return false;
                }
                if (_subscriptions.Length > 0) client.Subscribe(_subscriptions, _subscriptionQos);
                lock (_gate)
                {
                    _client = client;
                    _epoch++;
                    _connected = true;
                    _connectProblem = null;
                }
                return true;
            }
            catch (System.Exception ex)
            {
                SetProblem("broker " + Where() + (_settings.UseTls ? " failed the TLS handshake or is unreachable: " : " is unreachable: ")
                    + ex.GetType().Name + ": " + ex.Message);
                if (client != null)
                {
                    try { client.Dispose(); } catch (System.Exception) { }
                }
                return false;
            }
        }

        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            _received.Enqueue(e.Topic, e.Message);
        }

        private void OnClosed(object sender, System.EventArgs e)
        {
            SetConnected(false);
        }

        private string Where()
        {
            return _settings.Host + ":" + _settings.Port + (_settings.UseTls ? " (TLS)" : "");
        }

        private static string Describe(MqttReasonCode code)
        {
            if (code == MqttReasonCode.NotAuthorized) return "not authorized (check mqtt.user and mqtt.password: the broker admits a station whose user name is its id)";
            if (code == MqttReasonCode.ServerUnavailable) return "server unavailable";
            return "reason code " + (int)code;
        }

        private void SetProblem(string problem)
        {
            lock (_gate) { _connectProblem = problem; }
        }

        private void SetConnected(bool connected)
        {
            lock (_gate) { _connected = connected; }
        }

        private void DisposeClient()
        {
            MqttClient old;
            lock (_gate)
            {
                old = _client;
                _client = null;
            }
            if (old == null) return;
            try
            {
                old.MqttMsgPublishReceived -= OnMessage;
                old.ConnectionClosed -= OnClosed;
                old.Dispose();
            }
            catch (System.Exception) { }
        }

        private static uint Hash(string text)
        {
            // FNV-1a: spreads reconnect jitter by station id.
            uint h = 2166136261;
            for (int i = 0; i < text.Length; i++)
            {
                h ^= text[i];
                h *= 16777619;
            }
            return h;
        }
    }
}
