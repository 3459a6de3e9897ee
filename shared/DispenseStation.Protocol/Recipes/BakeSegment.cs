using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Recipes
{
    /// <summary>
    /// One segment of a bake profile: ramp to SetpointC (at RampCPerMin, 0 = as fast as the plate
    /// can), then hold HoldS seconds within +-BandC. A cool-down is a segment whose setpoint is below
    /// the current temperature, with HoldS 0: it ends when the plate is within the band.
    /// </summary>
    public sealed class BakeSegment
    {
        private const string SetpointCName = "setpointC";
        private const string RampCPerMinName = "rampCPerMin";
        private const string HoldSName = "holdS";
        private const string BandCName = "bandC";

        /// <summary>°C, 0..400 on the wire; the station applies its own, tighter limit.</summary>
        public double SetpointC = double.NaN;
        /// <summary>°C per minute; 0 = step change. Optional, default 0.</summary>
        public double RampCPerMin;
        /// <summary>Seconds to hold once within the band.</summary>
        public double HoldS = double.NaN;
        /// <summary>Half-width of the acceptance band, °C (greater than 0).</summary>
        public double BandC = double.NaN;

        public BakeSegment()
        {
        }

        public BakeSegment(double setpointC, double rampCPerMin, double holdS, double bandC)
        {
            SetpointC = setpointC;
            RampCPerMin = rampCPerMin;
            HoldS = holdS;
            BandC = bandC;
        }

        internal void WriteTo(JsonWriter w)
        {
            w.BeginObject();
            w.WriteNumberProperty(SetpointCName, SetpointC, Decimals.Temperature);
            w.WriteNumberProperty(RampCPerMinName, RampCPerMin, Decimals.Temperature);
            w.WriteNumberProperty(HoldSName, HoldS, Decimals.Seconds);
            w.WriteNumberProperty(BandCName, BandC, Decimals.Temperature);
            w.EndObject();
        }

        /// <summary>Reads the object the reader is on (StartObject).</summary>
        internal string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(SetpointCName)) { field = SetpointCName; why = FieldReader.Double(r, Limits.MinSetpointC, Limits.MaxSetpointC, out SetpointC); }
                else if (r.ValueEquals(RampCPerMinName)) { field = RampCPerMinName; why = FieldReader.Double(r, 0, Limits.MaxRampCPerMin, out RampCPerMin); }
                else if (r.ValueEquals(HoldSName)) { field = HoldSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out HoldS); }
                else if (r.ValueEquals(BandCName)) { field = BandCName; why = FieldReader.Double(r, 0, Limits.MaxBandC, out BandC); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (double.IsNaN(SetpointC)) return FieldReader.Required(SetpointCName, "number");
            if (double.IsNaN(RampCPerMin)) RampCPerMin = 0;
            if (double.IsNaN(HoldS)) return FieldReader.Required(HoldSName, "number");
            if (double.IsNaN(BandC)) return FieldReader.Required(BandCName, "number");
            if (!(BandC > 0)) return BandCName + ": must be greater than 0";
            return null;
        }
    }
}
