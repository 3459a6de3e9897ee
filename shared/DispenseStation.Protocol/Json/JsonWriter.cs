using System;

namespace DispenseStation.Protocol.Json
{
    /// <summary>
    /// Compact UTF-8 JSON writer into one byte array. Reused across messages (call
    /// <see cref="Reset"/>), it allocates nothing: numbers and strings are encoded by hand.
    /// When the buffer is too small, writing stops, <see cref="Overflowed"/> turns true and
    /// <see cref="Length"/> stays at the last byte that fitted: the output is never silently cut.
    /// Misuse (ending a container that was not begun, nesting deeper than
    /// <see cref="MaxDepth"/>) is a programming error and throws InvalidOperationException.
    /// </summary>
    public sealed class JsonWriter
    {
        public const int MaxDepth = 32;

        private readonly byte[] _buffer;
        private readonly bool[] _hasItems = new bool[MaxDepth + 1];
        private readonly byte[] _digits = new byte[24];
        private int _length;
        private int _depth;
        private bool _afterName;
        private bool _overflowed;

        /// <summary>Writes into a new buffer of <paramref name="capacity"/> bytes.</summary>
        public JsonWriter(int capacity)
            : this(new byte[capacity])
        {
        }

        /// <summary>Writes into the caller's buffer.</summary>
        public JsonWriter(byte[] buffer)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            _buffer = buffer;
        }

        /// <summary>The output; valid bytes are [0, Length).</summary>
        public byte[] Buffer { get { return _buffer; } }

        public int Length { get { return _length; } }

        /// <summary>True when something did not fit; the document is then incomplete.</summary>
        public bool Overflowed { get { return _overflowed; } }

        public int Capacity { get { return _buffer.Length; } }

        public int Depth { get { return _depth; } }

        /// <summary>Starts a new document in the same buffer.</summary>
        public void Reset()
        {
            _length = 0;
            _depth = 0;
            _afterName = false;
            _overflowed = false;
            _hasItems[0] = false;
        }

        /// <summary>A copy of the written bytes (allocates; for set-up time, e.g. the last will).</summary>
        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            Array.Copy(_buffer, copy, _length);
            return copy;
        }

        public void BeginObject()
        {
            Open((byte)'{');
        }

        public void EndObject()
        {
            Close((byte)'}');
        }

        public void BeginArray()
        {
            Open((byte)'[');
        }

        public void EndArray()
        {
            Close((byte)']');
        }

        public void WriteName(string name)
        {
            BeforeItem();
            WriteQuoted(name);
            WriteByte((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value with full escaping; null writes JSON null.</summary>
        public void WriteString(string value)
        {
            if (value == null)
            {
                WriteNull();
                return;
            }
            BeforeValue();
            WriteQuoted(value);
        }

        /// <summary>
        /// Writes a number rounded (half away from zero) to at most <paramref name="decimals"/>
        /// decimals (0..9), trailing zeros dropped: 1.5 with 4 decimals is "1.5". JSON has no NaN
        /// or infinity: those are written as null. Magnitudes beyond 9e15 use exponent notation
        /// with 15 significant digits.
        /// </summary>
        public void WriteNumber(double value, int decimals)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                WriteNull();
                return;
            }
            BeforeValue();
            if (decimals < 0) decimals = 0;
            if (decimals > 9) decimals = 9;
            double magnitude = value < 0 ? -value : value;
            while (decimals > 0 && magnitude * Pow10.Doubles[decimals] >= 9e15) decimals--;
            if (magnitude >= 9e15)
            {
                WriteExponential(value);
                return;
            }
            double scaled = value * Pow10.Doubles[decimals];
            long units = scaled < 0 ? -(long)(-scaled + 0.5) : (long)(scaled + 0.5);
            WriteFixed(units, decimals);
        }

        public void WriteInteger(long value)
        {
            BeforeValue();
            if (value < 0)
            {
                WriteByte((byte)'-');
                WriteDigits((ulong)(-(value + 1)) + 1);
            }
            else
            {
                WriteDigits((ulong)value);
            }
        }

        public void WriteBool(bool value)
        {
            BeforeValue();
            if (value) WriteAscii("true");
            else WriteAscii("false");
        }

        public void WriteNull()
        {
            BeforeValue();
            WriteAscii("null");
        }

        public void WriteStringProperty(string name, string value)
        {
            WriteName(name);
            WriteString(value);
        }

        public void WriteNumberProperty(string name, double value, int decimals)
        {
            WriteName(name);
            WriteNumber(value, decimals);
        }

        public void WriteIntegerProperty(string name, long value)
        {
            WriteName(name);
            WriteInteger(value);
        }

        /// <summary>Writes "name":"yyyy-MM-ddTHH:mm:ss.fffZ" for a Unix time in milliseconds, allocating
        /// nothing (Time.UtcText); out of range (before 1970, after 9999) writes nothing at all.</summary>
        public void WriteUtcProperty(string name, long unixMs)
        {
            // The digit scratch is exactly UtcText.Length (24) bytes: no buffer of its own.
            if (!DispenseStation.Protocol.Time.UtcText.TryWrite(unixMs, _digits, 0)) return;
            WriteName(name);
            BeforeValue();
            WriteByte((byte)'"');
            for (int i = 0; i < DispenseStation.Protocol.Time.UtcText.Length; i++) WriteByte(_digits[i]);
            WriteByte((byte)'"');
        }

        public void WriteBoolProperty(string name, bool value)
        {
            WriteName(name);
            WriteBool(value);
        }

        public void WriteNullProperty(string name)
        {
            WriteName(name);
            WriteNull();
        }

        private void Open(byte bracket)
        {
            if (_depth >= MaxDepth) throw new InvalidOperationException("JSON nesting deeper than " + MaxDepth.ToString());
            BeforeValue();
            WriteByte(bracket);
            _depth++;
            _hasItems[_depth] = false;
        }

        private void Close(byte bracket)
        {
            if (_depth == 0 || _afterName) throw new InvalidOperationException("JSON container closed without being opened, or after a name");
            WriteByte(bracket);
            _depth--;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }
            BeforeItem();
        }

        private void BeforeItem()
        {
            if (_afterName) throw new InvalidOperationException("JSON name written where a value was expected");
            if (_hasItems[_depth] && _depth > 0) WriteByte((byte)',');
            _hasItems[_depth] = true;
        }

        private void WriteFixed(long units, int decimals)
        {
            if (units < 0)
            {
                WriteByte((byte)'-');
                units = -units;
            }
            long divisor = Pow10.Longs[decimals];
            long whole = units / divisor;
            long fraction = units % divisor;
            WriteDigits((ulong)whole);
            if (fraction == 0) return;
            int keep = decimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                keep--;
            }
            WriteByte((byte)'.');
            // Leading zeros of the fraction, then its digits.
            for (long p = Pow10.Longs[keep - 1]; p > fraction; p /= 10) WriteByte((byte)'0');
            WriteDigits((ulong)fraction);
        }

        private void WriteExponential(double value)
        {
            if (value < 0)
            {
                WriteByte((byte)'-');
                value = -value;
            }
            int exponent = 0;
            while (value >= 1e22)
            {
                value /= 1e22;
                exponent += 22;
            }
            while (value >= 10)
            {
                value /= 10;
                exponent++;
            }
            long units = (long)(value * 1e14 + 0.5);
            if (units >= 1000000000000000L)
            {
                units /= 10;
                exponent++;
            }
            WriteFixed(units, 14);
            WriteByte((byte)'e');
            WriteByte((byte)'+');
            WriteDigits((ulong)exponent);
        }

        private void WriteDigits(ulong value)
        {
            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            while (count > 0) WriteByte(_digits[--count]);
        }

        private void WriteAscii(string text)
        {
            for (int i = 0; i < text.Length; i++) WriteByte((byte)text[i]);
        }

        private void WriteQuoted(string text)
        {
            WriteByte((byte)'"');
            int n = text.Length;
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    WriteAsciiEscaped(c);
                }
                else if (c < 0x800)
                {
                    WriteByte((byte)(0xC0 | (c >> 6)));
                    WriteByte((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    int low = i + 1 < n ? text[i + 1] : 0;
                    if (c <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF)
                    {
                        int cp = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                        WriteByte((byte)(0xF0 | (cp >> 18)));
                        WriteByte((byte)(0x80 | ((cp >> 12) & 0x3F)));
                        WriteByte((byte)(0x80 | ((cp >> 6) & 0x3F)));
                        WriteByte((byte)(0x80 | (cp & 0x3F)));
                        i++;
                    }
                    else
                    {
                        WriteThreeByte(0xFFFD); // an unpaired surrogate is not encodable
                    }
                }
                else
                {
                    WriteThreeByte(c);
                }
            }
            WriteByte((byte)'"');
        }

        private void WriteThreeByte(int c)
        {
            WriteByte((byte)(0xE0 | (c >> 12)));
            WriteByte((byte)(0x80 | ((c >> 6) & 0x3F)));
            WriteByte((byte)(0x80 | (c & 0x3F)));
        }

        private void WriteAsciiEscaped(int c)
        {
            switch (c)
            {
                case '"': WriteByte((byte)'\\'); WriteByte((byte)'"'); return;
                case '\\': WriteByte((byte)'\\'); WriteByte((byte)'\\'); return;
                case '\n': WriteByte((byte)'\\'); WriteByte((byte)'n'); return;
                case '\r': WriteByte((byte)'\\'); WriteByte((byte)'r'); return;
                case '\t': WriteByte((byte)'\\'); WriteByte((byte)'t'); return;
                case '\b': WriteByte((byte)'\\'); WriteByte((byte)'b'); return;
                case '\f': WriteByte((byte)'\\'); WriteByte((byte)'f'); return;
            }
            if (c < 0x20 || c == 0x7F)
            {
                WriteByte((byte)'\\');
                WriteByte((byte)'u');
                WriteByte((byte)'0');
                WriteByte((byte)'0');
                WriteByte(HexDigit(c >> 4));
                WriteByte(HexDigit(c & 0xF));
                return;
            }
            WriteByte((byte)c);
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
        }

        private void WriteByte(byte b)
        {
            if (_overflowed) return;
            if (_length >= _buffer.Length)
            {
                _overflowed = true;
                return;
            }
            _buffer[_length++] = b;
        }
    }
}
