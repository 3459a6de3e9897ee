using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>One reading of the station's process values. NaN means "not available" (sensor
    /// fault, heater idle) and is left out of the JSON.</summary>
    public sealed class TelemetrySample
    {
        internal const string TsName = "ts";
        internal const string ScaleGramsName = "scaleGrams";
        internal const string ScaleStableName = "scaleStable";
        internal const string PlateCName = "plateC";
        internal const string SetpointCName = "setpointC";
        internal const string HeaterDutyName = "heaterDuty";
        internal const string PumpRatesName = "pumpRates";

        /// <summary>Station uptime in ms when the sample was taken.</summary>
        public long UptimeMs = -1;
        /// <summary>Net weight on the load cell, g (4 decimals).</summary>
        public double ScaleGrams = double.NaN;
        /// <summary>The scale's own stability flag.</summary>
        public bool ScaleStable;
        /// <summary>Hotplate temperature, °C (3 decimals).</summary>
        public double PlateC = double.NaN;
        /// <summary>Current bake setpoint, °C; NaN when the heater is not controlled.</summary>
        public double SetpointC = double.NaN;
        /// <summary>Heater output 0..1 (4 decimals).</summary>
        public double HeaterDuty = double.NaN;
        /// <summary>Commanded flow per pump channel, g/s (4 decimals); index = channel.</summary>
        public double[] PumpRates;

        /// <summary>A sample with room for <paramref name="channels"/> pump rates.</summary>
        public TelemetrySample(int channels)
        {
            PumpRates = new double[channels];
        }

        public TelemetrySample()
            : this(0)
        {
        }

        /// <summary>Copies the values of <paramref name="other"/> (no allocation when channel counts match).</summary>
        public void CopyFrom(TelemetrySample other)
        {
            UptimeMs = other.UptimeMs;
            ScaleGrams = other.ScaleGrams;
            ScaleStable = other.ScaleStable;
            PlateC = other.PlateC;
            SetpointC = other.SetpointC;
            HeaterDuty = other.HeaterDuty;
            if (PumpRates == null || PumpRates.Length != other.PumpRates.Length) PumpRates = new double[other.PumpRates.Length];
            for (int i = 0; i < PumpRates.Length; i++) PumpRates[i] = other.PumpRates[i];
        }

        internal void WriteTo(JsonWriter w)
        {
            w.BeginObject();
            if (UptimeMs >= 0) w.WriteIntegerProperty(TsName, UptimeMs);
            MessageHeader.WriteOptional(w, ScaleGramsName, ScaleGrams, Decimals.Grams);
            w.WriteBoolProperty(ScaleStableName, ScaleStable);
            MessageHeader.WriteOptional(w, PlateCName, PlateC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, SetpointCName, SetpointC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, HeaterDutyName, HeaterDuty, Decimals.Duty);
            if (PumpRates != null)
            {
                w.WriteName(PumpRatesName);
                w.BeginArray();
                for (int i = 0; i < PumpRates.Length; i++) w.WriteNumber(PumpRates[i], Decimals.Grams);
                w.EndArray();
            }
            w.EndObject();
        }

        /// <summary>Reads one sample object; the reader is on its StartObject.</summary>
        internal string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(TsName)) { field = TsName; why = FieldReader.Long(r, 0, long.MaxValue, out UptimeMs); }
                else if (r.ValueEquals(ScaleGramsName)) { field = ScaleGramsName; why = FieldReader.Double(r, -Limits.MaxGrams, Limits.MaxGrams, out ScaleGrams); }
                else if (r.ValueEquals(ScaleStableName)) { field = ScaleStableName; why = FieldReader.Bool(r, out ScaleStable); }
                else if (r.ValueEquals(PlateCName)) { field = PlateCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxTemperatureC, out PlateC); }
                else if (r.ValueEquals(SetpointCName)) { field = SetpointCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxTemperatureC, out SetpointC); }
                else if (r.ValueEquals(HeaterDutyName)) { field = HeaterDutyName; why = FieldReader.Double(r, 0, 1, out HeaterDuty); }
                else if (r.ValueEquals(PumpRatesName)) { field = PumpRatesName; why = FieldReader.DoubleArray(r, Limits.MaxChannels, -Limits.MaxPumpRate, Limits.MaxPumpRate, out PumpRates); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (UptimeMs < 0) return FieldReader.Required(TsName, "integer");
            if (PumpRates == null) PumpRates = new double[0];
            return null;
        }
    }
}
