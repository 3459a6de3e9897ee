using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// dispense/v1/{station}/telemetry: one or more samples (several when the link is slow and the
    /// station batches them). The firmware keeps one instance with preallocated samples and sets
    /// <see cref="SampleCount"/>; encoding it then allocates nothing.
    /// </summary>
    public sealed class TelemetryMessage
    {
        private const string SamplesName = "samples";

        public long Seq = -1;
        /// <summary>Station uptime in ms when the message was sent.</summary>
        public long UptimeMs = -1;
        public string Utc;

        /// <summary>UTC as Unix ms, written as "utc" when <see cref="Utc"/> is null; -1 = not known (station clock not set).</summary>
        public long UtcMs = -1;
        /// <summary>Sample slots; the first <see cref="SampleCount"/> are used.</summary>
        public TelemetrySample[] Samples;
        public int SampleCount;

        /// <summary>Room for <paramref name="capacity"/> samples of <paramref name="channels"/> pumps each.</summary>
        public TelemetryMessage(int capacity, int channels)
        {
            Samples = new TelemetrySample[capacity];
            for (int i = 0; i < capacity; i++) Samples[i] = new TelemetrySample(channels);
        }

        public TelemetryMessage()
            : this(0, 0)
        {
        }

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteName(SamplesName);
            w.BeginArray();
            for (int i = 0; i < SampleCount; i++) Samples[i].WriteTo(w);
            w.EndArray();
            w.EndObject();
            return MessageHeader.Result(w);
        }

        /// <summary>
        /// Writes the oldest of the first <paramref name="available"/> samples that fit the writer's
        /// buffer and sets <see cref="SampleCount"/> to their number (a station sends its backlog in
        /// messages no larger than that buffer; the rest follow in the next ones). Length, or -1
        /// when not even one sample fits. Encodes at most three times, and only the first when all fit.
        /// </summary>
        public int WriteFitting(JsonWriter w, int available)
        {
            SampleCount = available;
            int length = WriteTo(w);
            if (length >= 0 || available == 0) return length;
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteName(SamplesName);
            w.BeginArray();
            int fit = 0;
            // Room for the closing "]}" after the last whole sample.
            while (fit < available)
            {
                Samples[fit].WriteTo(w);
                if (w.Overflowed || w.Length + 2 > w.Capacity) break;
                fit++;
            }
            SampleCount = fit;
            if (fit == 0) return -1;
            return WriteTo(w);
        }

        public static bool TryParse(byte[] payload, int offset, int length, out TelemetryMessage message, out string error)
        {
            TelemetryMessage m = new TelemetryMessage();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private string Read(JsonReader r)
        {
            string why;
            bool hasSamples = false;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(SamplesName)) { field = null; why = FieldReader.Nest(SamplesName, ReadSamples(r)); hasSamples = true; }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Seq < 0) return FieldReader.Required(MessageHeader.Seq, "integer");
            if (UptimeMs < 0) return FieldReader.Required(MessageHeader.Ts, "integer");
            if (!hasSamples) return FieldReader.Required(SamplesName, "array of samples");
            return null;
        }

        private string ReadSamples(JsonReader r)
        {
            string why = FieldReader.BeginArray(r);
            if (why != null) return why;
            TelemetrySample[] items = new TelemetrySample[Limits.MaxSamples];
            int count = 0;
            while (true)
            {
                if (!r.Read()) return FieldReader.JsonError(r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (count == Limits.MaxSamples) return ": must have at most " + Limits.MaxSamples.ToString() + " samples";
                if (r.TokenType != JsonTokenType.StartObject) return FieldReader.Item(count, ": must be an object");
                TelemetrySample sample = new TelemetrySample();
                why = sample.Read(r);
                if (why != null) return FieldReader.Item(count, why);
                items[count++] = sample;
            }
            Samples = new TelemetrySample[count];
            for (int i = 0; i < count; i++) Samples[i] = items[i];
            SampleCount = count;
            return null;
        }
    }
}
