using System.Text;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// Site configuration read from "station.cfg" in the flash store: one key=value per line,
    /// '#' starts a comment. Secrets stay out of the firmware image; see the README for the keys.
    /// Every problem is reported with the key and the rule, and nothing is half-applied: Load
    /// either returns complete settings or throws.
    /// </summary>
    public sealed class StationSettings
    {
        public const string FileName = "station.cfg";

        public string StationId;
        public string WifiSsid;
        public string WifiPassword;
        public MqttSettings Mqtt = new MqttSettings();

        /// <summary>Factory scale calibration (CALIBRATION.md section 1); NaN = not given. The station
        /// keeps a newer calibration in its durable record once it has one.</summary>
        public double ScaleZeroCounts = double.NaN;
        public double ScaleCountsPerGram = double.NaN;

        /// <summary>When that calibration was made (scale.date, UTC), Unix ms; -1 = not given. A dated
        /// calibration here replaces an older one in the durable record at boot.</summary>
        public long ScaleCalibratedUtcMs = -1;

        /// <summary>Reference mass of that calibration (scale.reference), g; NaN = not given.</summary>
        public double ScaleReferenceGrams = double.NaN;

        /// <summary>Measured flow per pump channel at full speed, g/s (CALIBRATION.md section 3); null = not given.</summary>
        public double[] PumpFlowGramsPerS;

        /// <summary>SNTP servers (host names); null = the firmware's defaults (0/1.pool.ntp.org).</summary>
        public string NtpServer;
        public string NtpServer2;

        /// <summary>Flash file holding the broker's CA certificate (PEM), for TLS.</summary>
        public string CaFileName;

        /// <summary>Largest CA file accepted: a root certificate is 1-2 KB of PEM.</summary>
        public const int MaxCaBytes = 4096;

        public static StationSettings Load(IFileStore store)
        {
            byte[] raw = store.Read(FileName);
            if (raw == null) throw new System.ArgumentException(FileName + " is missing from the flash store: upload it (see README)");
            string text = Encoding.UTF8.GetString(raw, 0, raw.Length);
            StationSettings s = new StationSettings();
            string[] lines = text.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0) throw new System.ArgumentException(FileName + " line " + (i + 1) + ": expected key=value");
                s.Apply(line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim(), i + 1);
            }
            s.Validate();
            s.LoadCaCertificate(store);
            return s;
        }

        private void Apply(string key, string value, int line)
        {
            switch (key)
            {
                case "station.id": StationId = value; break;
                case "wifi.ssid": WifiSsid = value; break;
                case "wifi.password": WifiPassword = value; break;
                case "mqtt.host": Mqtt.Host = value; break;
                case "mqtt.port": Mqtt.Port = ParseInt(key, value, 1, 65535); break;
                case "mqtt.tls": Mqtt.UseTls = ParseBool(key, value); break;
                case "mqtt.user": Mqtt.UserName = value; break;
                case "mqtt.password": Mqtt.Password = value; break;
                case "mqtt.ca": CaFileName = value; break;
                case "mqtt.inflight": Mqtt.InflightLimit = ParseInt(key, value, 1, 64); break;
                case "mqtt.keepalive": Mqtt.KeepAliveSeconds = (ushort)ParseInt(key, value, 5, 600); break;
                case "scale.zero": ScaleZeroCounts = ParseDouble(key, value, -8388608, 8388607); break;
                case "scale.countsPerGram": ScaleCountsPerGram = ParseDouble(key, value, 1, 1000000); break;
                case "scale.date": ScaleCalibratedUtcMs = ParseUtc(key, value); break;
                case "scale.reference": ScaleReferenceGrams = ParseDouble(key, value, 1, 100000); break;
                case "pump.flow": PumpFlowGramsPerS = ParseList(key, value, 0.001, 100); break;
                case "ntp.server": NtpServer = ParseHost(key, value); break;
                case "ntp.server2": NtpServer2 = ParseHost(key, value); break;
                default: throw new System.ArgumentException(FileName + " line " + line + ": unknown key '" + key + "'");
            }
        }

        private void Validate()
        {
            // The protocol owns the station-id rule (it is one MQTT topic level).
            string idProblem = DispenseStation.Protocol.StationId.Check(StationId);
            if (idProblem != null) throw new System.ArgumentException("station.id: " + idProblem);
            if (WifiSsid == null || WifiSsid.Length == 0) throw new System.ArgumentException("wifi.ssid must be set");
            if (Mqtt.Host == null || Mqtt.Host.Length == 0) throw new System.ArgumentException("mqtt.host must be set");
            bool zero = !double.IsNaN(ScaleZeroCounts), span = !double.IsNaN(ScaleCountsPerGram);
            if (zero != span) throw new System.ArgumentException("scale.zero and scale.countsPerGram must be given together");
            if (!zero && (ScaleCalibratedUtcMs >= 0 || !double.IsNaN(ScaleReferenceGrams)))
                throw new System.ArgumentException("scale.date and scale.reference describe a calibration: give scale.zero and scale.countsPerGram with them");
            if (Mqtt.UseTls)
            {
                if (CaFileName == null || CaFileName.Length == 0)
                    throw new System.ArgumentException("mqtt.ca must name the broker's CA certificate file when mqtt.tls=true");
                if (IsIpLiteral(Mqtt.Host))
                    throw new System.ArgumentException("mqtt.host must be the broker's host name when mqtt.tls=true (the certificate is checked against it), not " + Mqtt.Host);
            }
            // The gateway broker admits a station only with client id = station id = user name.
            Mqtt.ClientId = StationId;
        }

        private void LoadCaCertificate(IFileStore store)
        {
            if (!Mqtt.UseTls) return;
            byte[] pem = store.Read(CaFileName);
            if (pem == null) throw new System.ArgumentException("mqtt.ca: file '" + CaFileName + "' is missing from the flash store");
            if (pem.Length > MaxCaBytes) throw new System.ArgumentException("mqtt.ca: file '" + CaFileName + "' is " + pem.Length + " bytes, more than " + MaxCaBytes);
            string text = Encoding.UTF8.GetString(pem, 0, pem.Length);
            if (text.IndexOf("-----BEGIN CERTIFICATE-----") < 0)
                throw new System.ArgumentException("mqtt.ca: file '" + CaFileName + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            Mqtt.CaCertificatePem = text;
        }

        /// <summary>Dotted IPv4 or any address with ':' (IPv6): no name for TLS to check.</summary>
        private static bool IsIpLiteral(string host)
        {
            if (host.IndexOf(':') >= 0) return true;
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c != '.' && (c < '0' || c > '9')) return false;
            }
            return true;
        }

        /// <summary>A host name or address: 1..253 characters, no spaces.</summary>
        private static string ParseHost(string key, string value)
        {
            if (value.Length == 0 || value.Length > 253 || value.IndexOf(' ') >= 0)
                throw new System.ArgumentException(key + " must be a host name (1..253 characters, no spaces)");
            return value;
        }

        /// <summary>A UTC date (2026-11-20) or time (2026-11-20T09:15:00Z, or with .000 milliseconds).</summary>
        private static long ParseUtc(string key, string value)
        {
            long ms = DispenseStation.Protocol.Time.UtcText.Parse(value.Length == 10 ? value + "T00:00:00Z" : value);
            if (ms < 0) throw new System.ArgumentException(key + " must be a UTC date like 2026-11-20 or time like 2026-11-20T09:15:00Z");
            return ms;
        }

        private static bool ParseBool(string key, string value)
        {
            if (value == "true") return true;
            if (value == "false") return false;
            throw new System.ArgumentException(key + " must be true or false");
        }

        private static double ParseDouble(string key, string value, double min, double max)
        {
            double parsed;
            if (!double.TryParse(value, out parsed) || !(parsed >= min) || !(parsed <= max))
                throw new System.ArgumentException(key + " must be a number " + min + ".." + max);
            return parsed;
        }

        /// <summary>Comma-separated numbers, one per pump channel in channel order (1..8).</summary>
        private static double[] ParseList(string key, string value, double min, double max)
        {
            string[] parts = value.Split(new char[] { ',' });
            if (parts.Length > 8) throw new System.ArgumentException(key + " takes at most 8 values (one per channel)");
            double[] values = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++) values[i] = ParseDouble(key + "[" + i + "]", parts[i].Trim(), min, max);
            return values;
        }

        private static int ParseInt(string key, string value, int min, int max)
        {
            int parsed;
            if (!int.TryParse(value, out parsed) || parsed < min || parsed > max)
                throw new System.ArgumentException(key + " must be a whole number " + min + ".." + max);
            return parsed;
        }
    }
}
