using System;

namespace DispenseStation.Protocol.Json
{
    /// <summary>
    /// Pull reader over UTF-8 JSON in a byte array (RFC 8259: one value, any type, optional BOM).
    /// <see cref="Read"/> moves to the next token and returns false at the end of the document or
    /// on malformed input; then <see cref="Error"/> tells where and why. Malformed input never
    /// throws and never loops: every Read consumes input or stops. Strings are validated (UTF-8,
    /// escapes, no raw control characters) while reading, so GetString cannot fail later.
    /// The Get methods throw InvalidOperationException when called on the wrong token type, and
    /// GetInt64 when the number is not an integer in range (programming errors: use the TryGet
    /// methods for data that may not fit). Nothing else throws.
    /// </summary>
    public sealed class JsonReader
    {
        public const int DefaultMaxDepth = 32;

        private const int ExpectValue = 0;
        private const int ExpectValueOrEndArray = 1;
        private const int ExpectNameOrEndObject = 2;
        private const int ExpectCommaOrEnd = 3;
        private const int ExpectEnd = 4;

        private readonly bool[] _isObject;
        private readonly int _maxDepth;
        private byte[] _buf;
        private int _begin;
        private int _end;
        private int _pos;
        private int _depth;
        private int _state;
        private JsonParseError _error;
        private JsonTokenType _token;
        private int _tokenStart;
        private int _tokenLength;
        private bool _tokenIsInteger;

        public JsonReader()
            : this(DefaultMaxDepth)
        {
        }

        public JsonReader(int maxDepth)
        {
            if (maxDepth < 1) maxDepth = 1;
            _maxDepth = maxDepth;
            _isObject = new bool[maxDepth + 1];
            _buf = new byte[0];
        }

        public JsonReader(byte[] buffer, int offset, int length)
            : this(DefaultMaxDepth)
        {
            Reset(buffer, offset, length);
        }

        /// <summary>Starts reading another document; the reader keeps no reference to the previous.</summary>
        public void Reset(byte[] buffer, int offset, int length)
        {
            _error = null;
            _token = JsonTokenType.None;
            _depth = 0;
            _state = ExpectValue;
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                _buf = new byte[0];
                _begin = _pos = _end = 0;
                _error = new JsonParseError(0, "no input, or offset/length outside the buffer");
                return;
            }
            _buf = buffer;
            _begin = offset;
            _pos = offset;
            _end = offset + length;
            // A UTF-8 byte order mark is allowed and ignored.
            if (length >= 3 && buffer[offset] == 0xEF && buffer[offset + 1] == 0xBB && buffer[offset + 2] == 0xBF) _pos += 3;
        }

        public JsonTokenType TokenType { get { return _token; } }

        /// <summary>The reason reading stopped early, or null.</summary>
        public JsonParseError Error { get { return _error; } }

        /// <summary>Containers open around the current position.</summary>
        public int Depth { get { return _depth; } }

        /// <summary>Byte offset of the current token from the start of the document (for strings
        /// and names, of the first byte after the opening quote).</summary>
        public int TokenPosition { get { return _tokenStart - _begin; } }

        /// <summary>True when the current Number token has no fraction or exponent.</summary>
        public bool IsIntegerNumber { get { return _token == JsonTokenType.Number && _tokenIsInteger; } }

        /// <summary>Advances to the next token. False at the end of the document or on an error.</summary>
        public bool Read()
        {
            if (_error != null) return false;
            SkipWhitespace();
            if (_state == ExpectEnd)
            {
                _token = JsonTokenType.None;
                if (_pos < _end) return Fail(_pos, "unexpected data after the end of the document");
                return false;
            }
            if (_pos >= _end)
            {
                return Fail(_pos, _pos == _begin ? "empty input" : "unexpected end of input");
            }
            byte c = _buf[_pos];
            switch (_state)
            {
                case ExpectValueOrEndArray:
                    if (c == ']') return CloseContainer(false);
                    return ReadValue(c);
                case ExpectNameOrEndObject:
                    if (c == '}') return CloseContainer(true);
                    if (c == '"') return ReadName();
                    return Fail(_pos, "expected a property name or '}'");
                case ExpectCommaOrEnd:
                    bool inObject = _isObject[_depth];
                    if (c == ',')
                    {
                        _pos++;
                        SkipWhitespace();
                        if (_pos >= _end) return Fail(_pos, "unexpected end of input");
                        c = _buf[_pos];
                        if (!inObject) return ReadValue(c);
                        if (c == '"') return ReadName();
                        return Fail(_pos, "expected a property name after ','");
                    }
                    if (inObject)
                    {
                        if (c == '}') return CloseContainer(true);
                        return Fail(_pos, "expected ',' or '}'");
                    }
                    if (c == ']') return CloseContainer(false);
                    return Fail(_pos, "expected ',' or ']'");
                default:
                    return ReadValue(c);
            }
        }

        /// <summary>
        /// Skips the current value: on a PropertyName its value, on StartObject/StartArray everything
        /// up to the matching end. On other tokens it does nothing. False on malformed input.
        /// </summary>
        public bool Skip()
        {
            if (_error != null) return false;
            if (_token == JsonTokenType.PropertyName && !Read()) return false;
            if (_token != JsonTokenType.StartObject && _token != JsonTokenType.StartArray) return true;
            int target = _depth - 1;
            while (Read())
            {
                if ((_token == JsonTokenType.EndObject || _token == JsonTokenType.EndArray) && _depth == target) return true;
            }
            return false;
        }

        /// <summary>Compares the current String or PropertyName (escapes decoded) with
        /// <paramref name="text"/> without allocating.</summary>
        public bool ValueEquals(string text)
        {
            if (text == null || (_token != JsonTokenType.String && _token != JsonTokenType.PropertyName)) return false;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            int i = 0;
            while (p < end)
            {
                int cp = DecodeCodePoint(ref p);
                if (cp < 0x10000)
                {
                    if (i >= text.Length || text[i] != cp) return false;
                    i++;
                }
                else
                {
                    if (i + 1 >= text.Length) return false;
                    int v = cp - 0x10000;
                    if (text[i] != 0xD800 + (v >> 10) || text[i + 1] != 0xDC00 + (v & 0x3FF)) return false;
                    i += 2;
                }
            }
            return i == text.Length;
        }

        /// <summary>The current String or PropertyName decoded; null on a Null token.</summary>
        public string GetString()
        {
            if (_token == JsonTokenType.Null) return null;
            RequireToken(_token == JsonTokenType.String || _token == JsonTokenType.PropertyName, "a string");
            char[] chars = new char[_tokenLength];
            int n = 0;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            while (p < end)
            {
                int cp = DecodeCodePoint(ref p);
                if (cp < 0x10000)
                {
                    chars[n++] = (char)cp;
                }
                else
                {
                    int v = cp - 0x10000;
                    chars[n++] = (char)(0xD800 + (v >> 10));
                    chars[n++] = (char)(0xDC00 + (v & 0x3FF));
                }
            }
            return new string(chars, 0, n);
        }

        /// <summary>Length in UTF-16 code units of the current string, without decoding it into a string.</summary>
        public int GetStringLength()
        {
            RequireToken(_token == JsonTokenType.String || _token == JsonTokenType.PropertyName, "a string");
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            int n = 0;
            while (p < end) n += DecodeCodePoint(ref p) < 0x10000 ? 1 : 2;
            return n;
        }

        public bool GetBool()
        {
            RequireToken(_token == JsonTokenType.True || _token == JsonTokenType.False, "true or false");
            return _token == JsonTokenType.True;
        }

        /// <summary>The current Number as a double, or NaN when it is out of double range.</summary>
        public double GetDouble()
        {
            double value;
            if (TryGetDouble(out value)) return value;
            return double.NaN;
        }

        /// <summary>
        /// The current Number as a double; false when it overflows to infinity. Exact (correctly
        /// rounded) for up to 15 significant digits with a decimal exponent within +-22, which covers
        /// every fixed-decimal number this protocol writes; otherwise within a few units in the last place.
        /// </summary>
        public bool TryGetDouble(out double value)
        {
            RequireToken(_token == JsonTokenType.Number, "a number");
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            bool negative = _buf[p] == '-';
            if (negative) p++;
            ulong mantissa = 0;
            int digits = 0;
            int exponent10 = 0;
            while (p < end && IsDigit(_buf[p]))
            {
                AccumulateDigit(ref mantissa, ref digits, ref exponent10, _buf[p], false);
                p++;
            }
            if (p < end && _buf[p] == '.')
            {
                p++;
                while (p < end && IsDigit(_buf[p]))
                {
                    AccumulateDigit(ref mantissa, ref digits, ref exponent10, _buf[p], true);
                    p++;
                }
            }
            if (p < end)
            {
                p++; // 'e' or 'E'
                bool negativeExponent = false;
                if (_buf[p] == '-' || _buf[p] == '+')
                {
                    negativeExponent = _buf[p] == '-';
                    p++;
                }
                int e = 0;
                while (p < end)
                {
                    if (e < 100000) e = e * 10 + (_buf[p] - '0');
                    p++;
                }
                exponent10 += negativeExponent ? -e : e;
            }
            value = Compose(mantissa, exponent10);
            if (negative) value = -value;
            if (double.IsInfinity(value))
            {
                value = 0;
                return false;
            }
            return true;
        }

        /// <summary>The current Number as a long; false when it has a fraction or exponent or does not fit.</summary>
        public bool TryGetInt64(out long value)
        {
            RequireToken(_token == JsonTokenType.Number, "a number");
            value = 0;
            if (!_tokenIsInteger) return false;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            bool negative = _buf[p] == '-';
            if (negative) p++;
            ulong limit = negative ? 9223372036854775808UL : 9223372036854775807UL;
            ulong acc = 0;
            for (; p < end; p++)
            {
                ulong d = (ulong)(_buf[p] - '0');
                if (acc > (limit - d) / 10) return false;
                acc = acc * 10 + d;
            }
            value = negative ? (long)(0 - acc) : (long)acc;
            return true;
        }

        /// <summary>The current Number as a long; throws InvalidOperationException when not an integer in range.</summary>
        public long GetInt64()
        {
            long value;
            if (!TryGetInt64(out value)) throw new InvalidOperationException("not an integer in the range of a 64-bit integer");
            return value;
        }

        private static void AccumulateDigit(ref ulong mantissa, ref int digits, ref int exponent10, byte digit, bool fraction)
        {
            if (digits == 0 && digit == '0')
            {
                if (fraction) exponent10--; // leading zeros after the point only shift the scale
                return;
            }
            if (digits < 19)
            {
                mantissa = mantissa * 10 + (ulong)(digit - '0');
                digits++;
                if (fraction) exponent10--;
            }
            else if (!fraction)
            {
                exponent10++; // a dropped integer digit still counts as a power of ten
            }
        }

        private static double Compose(ulong mantissa, int exponent10)
        {
            if (mantissa == 0) return 0;
            // Trailing zeros move into the exponent so that more inputs take the exact fast path.
            while (mantissa % 10 == 0)
            {
                mantissa /= 10;
                exponent10++;
            }
            double m = mantissa;
            // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
            if (mantissa <= 9007199254740992UL && exponent10 >= -Pow10.MaxExact && exponent10 <= Pow10.MaxExact)
            {
                return exponent10 >= 0 ? m * Pow10.Doubles[exponent10] : m / Pow10.Doubles[-exponent10];
            }
            if (exponent10 > 400) return double.PositiveInfinity;
            if (exponent10 < -400) return 0;
            while (exponent10 > Pow10.MaxExact)
            {
                m *= Pow10.Doubles[Pow10.MaxExact];
                exponent10 -= Pow10.MaxExact;
            }
            while (exponent10 < -Pow10.MaxExact)
            {
                m /= Pow10.Doubles[Pow10.MaxExact];
                exponent10 += Pow10.MaxExact;
            }
            return exponent10 >= 0 ? m * Pow10.Doubles[exponent10] : m / Pow10.Doubles[-exponent10];
        }

        private bool ReadValue(byte c)
        {
            _tokenStart = _pos;
            _tokenLength = 0;
            switch (c)
            {
                case (byte)'{':
                    return OpenContainer(true);
                case (byte)'[':
                    return OpenContainer(false);
                case (byte)'"':
                    if (!ScanString()) return false;
                    _token = JsonTokenType.String;
                    return AfterValue();
                case (byte)'t':
                    return ReadLiteral("true", JsonTokenType.True);
                case (byte)'f':
                    return ReadLiteral("false", JsonTokenType.False);
                case (byte)'n':
                    return ReadLiteral("null", JsonTokenType.Null);
            }
            if (c == '-' || IsDigit(c))
            {
                if (!ScanNumber()) return false;
                _token = JsonTokenType.Number;
                return AfterValue();
            }
            return Fail(_pos, "unexpected character, expected a value");
        }

        private bool ReadName()
        {
            if (!ScanString()) return false;
            SkipWhitespace();
            if (_pos >= _end) return Fail(_pos, "unexpected end of input, expected ':'");
            if (_buf[_pos] != ':') return Fail(_pos, "expected ':' after a property name");
            _pos++;
            _token = JsonTokenType.PropertyName;
            _state = ExpectValue;
            return true;
        }

        private bool OpenContainer(bool isObject)
        {
            if (_depth >= _maxDepth) return Fail(_pos, "nesting deeper than " + _maxDepth.ToString());
            _pos++;
            _depth++;
            _isObject[_depth] = isObject;
            _token = isObject ? JsonTokenType.StartObject : JsonTokenType.StartArray;
            _state = isObject ? ExpectNameOrEndObject : ExpectValueOrEndArray;
            return true;
        }

        private bool CloseContainer(bool isObject)
        {
            _tokenStart = _pos;
            _tokenLength = 0;
            _pos++;
            _depth--;
            _token = isObject ? JsonTokenType.EndObject : JsonTokenType.EndArray;
            return AfterValue();
        }

        private bool AfterValue()
        {
            _state = _depth == 0 ? ExpectEnd : ExpectCommaOrEnd;
            return true;
        }

        private bool ReadLiteral(string literal, JsonTokenType type)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                int p = _pos + i;
                if (p >= _end) return Fail(p, "unexpected end of input in a literal");
                if (_buf[p] != literal[i]) return Fail(p, "invalid literal, expected true, false or null");
            }
            _pos += literal.Length;
            _token = type;
            return AfterValue();
        }

        private bool ScanNumber()
        {
            int p = _pos;
            bool isInteger = true;
            if (_buf[p] == '-') p++;
            if (p >= _end) return Fail(p, "unexpected end of input in a number");
            if (_buf[p] == '0')
            {
                p++;
            }
            else if (IsDigit(_buf[p]))
            {
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            else
            {
                return Fail(p, "expected a digit");
            }
            if (p < _end && _buf[p] == '.')
            {
                isInteger = false;
                p++;
                if (p >= _end || !IsDigit(_buf[p])) return Fail(p, "expected a digit after '.'");
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            if (p < _end && (_buf[p] == 'e' || _buf[p] == 'E'))
            {
                isInteger = false;
                p++;
                if (p < _end && (_buf[p] == '+' || _buf[p] == '-')) p++;
                if (p >= _end || !IsDigit(_buf[p])) return Fail(p, "expected a digit in the exponent");
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            _tokenStart = _pos;
            _tokenLength = p - _pos;
            _tokenIsInteger = isInteger;
            _pos = p;
            return true;
        }

        /// <summary>Validates a string starting at the opening quote; the token is its content.</summary>
        private bool ScanString()
        {
            int p = _pos + 1;
            while (true)
            {
                if (p >= _end) return Fail(p, "unterminated string");
                byte b = _buf[p];
                if (b == '"') break;
                if (b == '\\')
                {
                    if (p + 1 >= _end) return Fail(p, "unterminated string");
                    byte e = _buf[p + 1];
                    if (e == 'u')
                    {
                        int unit = HexUnit(p + 2);
                        if (unit < 0) return Fail(p, "invalid \\u escape, expected four hex digits");
                        if (unit >= 0xDC00 && unit <= 0xDFFF) return Fail(p, "invalid \\u escape: unpaired low surrogate");
                        if (unit >= 0xD800 && unit <= 0xDBFF)
                        {
                            int low = p + 7 < _end && _buf[p + 6] == '\\' && _buf[p + 7] == 'u' ? HexUnit(p + 8) : -1;
                            if (low < 0xDC00 || low > 0xDFFF) return Fail(p, "invalid \\u escape: unpaired high surrogate");
                            p += 12;
                        }
                        else
                        {
                            p += 6;
                        }
                        continue;
                    }
                    if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
                    {
                        p += 2;
                        continue;
                    }
                    return Fail(p, "invalid escape sequence");
                }
                if (b < 0x20) return Fail(p, "control character in a string must be escaped");
                if (b < 0x80)
                {
                    p++;
                    continue;
                }
                int size = Utf8SequenceLength(p);
                if (size == 0) return Fail(p, "invalid UTF-8");
                p += size;
            }
            _tokenStart = _pos + 1;
            _tokenLength = p - _tokenStart;
            _pos = p + 1;
            return true;
        }

        /// <summary>Length of a valid multi-byte UTF-8 sequence at p (no overlongs, no surrogates), or 0.</summary>
        private int Utf8SequenceLength(int p)
        {
            byte b = _buf[p];
            int size;
            int min2 = 0x80, max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) size = 2;
            else if (b >= 0xE0 && b <= 0xEF)
            {
                size = 3;
                if (b == 0xE0) min2 = 0xA0;
                if (b == 0xED) max2 = 0x9F;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                size = 4;
                if (b == 0xF0) min2 = 0x90;
                if (b == 0xF4) max2 = 0x8F;
            }
            else return 0;
            if (p + size > _end) return 0;
            byte second = _buf[p + 1];
            if (second < min2 || second > max2) return 0;
            for (int i = 2; i < size; i++)
            {
                byte c = _buf[p + i];
                if (c < 0x80 || c > 0xBF) return 0;
            }
            return size;
        }

        /// <summary>Four hex digits at p as a number, or -1.</summary>
        private int HexUnit(int p)
        {
            if (p + 4 > _end) return -1;
            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                int h = HexValue(_buf[p + i]);
                if (h < 0) return -1;
                v = (v << 4) | h;
            }
            return v;
        }

        private static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9') return b - '0';
            if (b >= 'a' && b <= 'f') return b - 'a' + 10;
            if (b >= 'A' && b <= 'F') return b - 'A' + 10;
            return -1;
        }

        /// <summary>Decodes one code point of an already validated string token.</summary>
        private int DecodeCodePoint(ref int p)
        {
            byte b = _buf[p];
            if (b == '\\')
            {
                byte e = _buf[p + 1];
                p += 2;
                switch (e)
                {
                    case (byte)'b': return '\b';
                    case (byte)'f': return '\f';
                    case (byte)'n': return '\n';
                    case (byte)'r': return '\r';
                    case (byte)'t': return '\t';
                    case (byte)'u':
                        int unit = HexUnit(p);
                        p += 4;
                        if (unit >= 0xD800 && unit <= 0xDBFF)
                        {
                            int low = HexUnit(p + 2);
                            p += 6;
                            return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        }
                        return unit;
                    default: return e; // " \ /
                }
            }
            if (b < 0x80)
            {
                p++;
                return b;
            }
            if (b < 0xE0)
            {
                int cp2 = ((b & 0x1F) << 6) | (_buf[p + 1] & 0x3F);
                p += 2;
                return cp2;
            }
            if (b < 0xF0)
            {
                int cp3 = ((b & 0x0F) << 12) | ((_buf[p + 1] & 0x3F) << 6) | (_buf[p + 2] & 0x3F);
                p += 3;
                return cp3;
            }
            int cp4 = ((b & 0x07) << 18) | ((_buf[p + 1] & 0x3F) << 12) | ((_buf[p + 2] & 0x3F) << 6) | (_buf[p + 3] & 0x3F);
            p += 4;
            return cp4;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte b = _buf[_pos];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return;
                _pos++;
            }
        }

        private static bool IsDigit(byte b)
        {
            return b >= '0' && b <= '9';
        }

        private bool Fail(int position, string reason)
        {
            _error = new JsonParseError(position - _begin, reason);
            _token = JsonTokenType.None;
            return false;
        }

        private void RequireToken(bool ok, string expected)
        {
            if (!ok) throw new InvalidOperationException("the current JSON token is not " + expected);
        }
    }
}
