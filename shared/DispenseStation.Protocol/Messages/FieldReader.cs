using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// Reads the value after a PropertyName token and checks its type and range. Each method
    /// returns null on success or the rule that was broken (the caller prefixes the field path).
    /// </summary>
    internal static class FieldReader
    {
        public static string JsonError(JsonReader r)
        {
            return r.Error != null ? r.Error.ToString() : JsonErrorPrefix;
        }

        /// <summary>Reads the next token, which must start the top-level object.</summary>
        public static string BeginDocument(JsonReader r)
        {
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.StartObject) return "payload must be a JSON object";
            return null;
        }

        /// <summary>Reads the next token, which must start a nested object.</summary>
        public static string BeginObject(JsonReader r)
        {
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.StartObject) return ": must be an object";
            return null;
        }

        /// <summary>Reads the next token, which must start an array.</summary>
        public static string BeginArray(JsonReader r)
        {
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.StartArray) return ": must be an array";
            return null;
        }

        /// <summary>After the top-level object: nothing but whitespace may follow.</summary>
        public static string End(JsonReader r)
        {
            if (r.Read()) return "unexpected data after the object";
            return r.Error != null ? r.Error.ToString() : null;
        }

        /// <summary>Moves to the next property; false at the end of the object. error is set on malformed JSON.</summary>
        public static bool NextProperty(JsonReader r, out string error)
        {
            error = null;
            if (!r.Read())
            {
                error = JsonError(r);
                return false;
            }
            return r.TokenType == JsonTokenType.PropertyName;
        }

        /// <summary>Names the field a leaf rule broke: "field: rule" (or "field[2]: rule" for array items).
        /// JSON syntax errors pass through unchanged: their byte position is the better pointer.</summary>
        public static string Leaf(string field, string why)
        {
            if (why == null || field == null || IsJsonError(why)) return why;
            if (why[0] == '[') return field + why;
            return field + ": " + why;
        }

        /// <summary>Prefixes a nested object's error (already "path: rule") with the field holding it.</summary>
        public static string Nest(string field, string why)
        {
            if (why == null || field == null || IsJsonError(why)) return why;
            if (why[0] == '[' || why[0] == ':') return field + why;
            return field + "." + why;
        }

        /// <summary>Prefixes an array item's error with its index.</summary>
        public static string Item(int index, string why)
        {
            if (why == null || IsJsonError(why)) return why;
            return Nest("[" + index.ToString() + "]", why);
        }

        public static string Required(string field, string what)
        {
            return field + ": required " + what;
        }

        private static bool IsJsonError(string why)
        {
            return why.StartsWith(JsonErrorPrefix);
        }

        private const string JsonErrorPrefix = "invalid JSON";

        public static string Skip(JsonReader r)
        {
            return r.Skip() ? null : JsonError(r);
        }

        public static string Long(JsonReader r, long min, long max, out long value)
        {
            value = -1;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType == JsonTokenType.Null) return null; // null is the same as absent
            long v;
            if (r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out v)) return "must be an integer";
            if (v < min || v > max) return "must be between " + min.ToString() + " and " + max.ToString();
            value = v;
            return null;
        }

        public static string Int(JsonReader r, int min, int max, out int value)
        {
            long v;
            string why = Long(r, min, max, out v);
            value = why == null ? (int)v : -1;
            return why;
        }

        public static string Double(JsonReader r, double min, double max, out double value)
        {
            value = double.NaN;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType == JsonTokenType.Null) return null; // null is the same as absent
            double v;
            if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out v)) return "must be a number";
            if (v < min || v > max) return "must be between " + min.ToString("F3") + " and " + max.ToString("F3");
            value = v;
            return null;
        }

        /// <summary>An ISO-8601 UTC time as this protocol writes it (Time.UtcText), read as Unix ms; -1 when null.</summary>
        public static string UtcMs(JsonReader r, out long value)
        {
            value = -1;
            string text;
            string why = String(r, DispenseStation.Protocol.Time.UtcText.Length, true, out text);
            if (why != null) return why == "must not be empty" ? UtcRule : why.StartsWith("must be at most") ? UtcRule : why;
            if (text == null) return null;
            value = DispenseStation.Protocol.Time.UtcText.Parse(text);
            return value < 0 ? UtcRule : null;
        }

        private const string UtcRule = "must be a UTC time like 2026-11-25T16:40:00.000Z or 2026-11-25T16:40:00Z";

        public static string Bool(JsonReader r, out bool value)
        {
            value = false;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.True && r.TokenType != JsonTokenType.False) return "must be true or false";
            value = r.GetBool();
            return null;
        }

        /// <summary>A string of 1..maxLength characters (null allowed when <paramref name="allowNull"/>).</summary>
        public static string String(JsonReader r, int maxLength, bool allowNull, out string value)
        {
            value = null;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType == JsonTokenType.Null && allowNull) return null;
            if (r.TokenType != JsonTokenType.String) return "must be a string";
            int length = r.GetStringLength();
            if (length == 0) return "must not be empty";
            if (length > maxLength) return "must be at most " + maxLength.ToString() + " characters";
            value = r.GetString();
            return null;
        }

        /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
        public static string OneOf(JsonReader r, string[] allowed, out string value)
        {
            value = null;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.String) return "must be a string";
            for (int i = 0; i < allowed.Length; i++)
            {
                if (r.ValueEquals(allowed[i]))
                {
                    value = allowed[i]; // the constant itself: no allocation, and == works
                    return null;
                }
            }
            return "must be one of " + Join(allowed);
        }

        public static string StringArray(JsonReader r, int maxCount, int maxLength, out string[] value)
        {
            value = null;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.StartArray) return "must be an array of strings";
            string[] items = new string[maxCount];
            int count = 0;
            while (true)
            {
                if (!r.Read()) return JsonError(r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (count == maxCount) return "must have at most " + maxCount.ToString() + " items";
                if (r.TokenType != JsonTokenType.String) return "[" + count.ToString() + "]: must be a string";
                int length = r.GetStringLength();
                if (length == 0 || length > maxLength) return "[" + count.ToString() + "]: must be 1 to " + maxLength.ToString() + " characters";
                items[count++] = r.GetString();
            }
            value = new string[count];
            for (int i = 0; i < count; i++) value[i] = items[i];
            return null;
        }

        public static string DoubleArray(JsonReader r, int maxCount, double min, double max, out double[] value)
        {
            value = null;
            if (!r.Read()) return JsonError(r);
            if (r.TokenType != JsonTokenType.StartArray) return "must be an array of numbers";
            double[] items = new double[maxCount];
            int count = 0;
            while (true)
            {
                if (!r.Read()) return JsonError(r);
                if (r.TokenType == JsonTokenType.EndArray) break;
                if (count == maxCount) return "must have at most " + maxCount.ToString() + " items";
                double v;
                if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out v)) return "[" + count.ToString() + "]: must be a number";
                if (v < min || v > max) return "[" + count.ToString() + "]: must be between " + min.ToString("F3") + " and " + max.ToString("F3");
                items[count++] = v;
            }
            value = new double[count];
            for (int i = 0; i < count; i++) value[i] = items[i];
            return null;
        }

        /// <summary>A number in words for an error: at most 4 decimals, trailing zeros dropped (0.5, not 0.5000).</summary>
        public static string Number(double value)
        {
            string s = value.ToString("F4");
            int end = s.Length;
            if (s.IndexOf('.') >= 0)
            {
                while (end > 0 && s[end - 1] == '0') end--;
                if (end > 0 && s[end - 1] == '.') end--;
            }
            return s.Substring(0, end);
        }

        public static string JoinNumbers(double[] values)
        {
            string result = "";
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) result += ", ";
                result += Number(values[i]);
            }
            return result;
        }

        public static string Join(string[] names)
        {
            string result = "";
            for (int i = 0; i < names.Length; i++)
            {
                if (i > 0) result += ", ";
                result += names[i];
            }
            return result;
        }
    }
}
