using System;
using DispenseStation.Protocol.Json;

namespace DispenseStation.Protocol.Messages
{
    /// <summary>
    /// Retained on dispense/v1/{station}/state: whether the station is online, what it runs and
    /// where it is in a batch. The last will is the same message with only online=false.
    /// Public fields, not properties: the firmware fills one preallocated instance per publish.
    /// </summary>
    public sealed class StateMessage
    {
        private const string OnlineName = "online";
        private const string StationName = "station";
        private const string FirmwareName = "firmware";
        private const string PackMlStateName = "packMlState";
        private const string BatchIdName = "batchId";
        private const string StepIndexName = "stepIndex";
        private const string StepCountName = "stepCount";
        private const string StepNameName = "stepName";
        private const string InterruptedName = "interrupted";
        private const string AlarmsName = "alarms";
        private const string CalibrationName = "calibration";
        private const string ScaleName = "scale";
        private const string ScaleUtcName = "scaleUtc";
        private const string ScaleReferenceName = "scaleReferenceGrams";
        private const string RtdName = "rtd";
        private const string RtdUtcName = "rtdUtc";

        /// <summary>Per-session message counter; -1 when absent (the last will).</summary>
        public long Seq = -1;
        /// <summary>Station uptime in ms; -1 when absent.</summary>
        public long UptimeMs = -1;
        /// <summary>ISO-8601 UTC time when the station knows it, else null.</summary>
        public string Utc;

        /// <summary>UTC as Unix ms, written as "utc" when <see cref="Utc"/> is null; -1 = not known (station clock not set).</summary>
        public long UtcMs = -1;

        public bool Online;
        /// <summary>Station id, repeated in the payload so a retained message identifies itself.</summary>
        public string StationId;
        public string Firmware;
        /// <summary>One of <see cref="PackMlStates"/>; required when online.</summary>
        public string PackMlState;
        public string BatchId;
        /// <summary>0-based index of the current step; -1 when no batch runs.</summary>
        public int StepIndex = -1;
        public int StepCount = -1;
        public string StepName;
        /// <summary>A batch was cut by a reboot and waits for resume or abort.</summary>
        public bool Interrupted;
        /// <summary>Codes of the active alarms; null or empty when none. Null entries are skipped.</summary>
        public string[] ActiveAlarms;

        /// <summary>The station reports its calibration facts (the "calibration" object is written and
        /// was read); false = not reported (firmware before issue 17, or the last will).</summary>
        public bool CalibrationReported;
        /// <summary>The scale converts with a calibration made on it (false: a nominal span only).</summary>
        public bool ScaleCalibrated;
        /// <summary>When the scale calibration was made, Unix ms UTC; -1 = not known (set before the
        /// station had UTC time, or not calibrated).</summary>
        public long ScaleCalibratedUtcMs = -1;
        /// <summary>Reference mass the scale calibration was made with, g; NaN = not known.</summary>
        public double ScaleReferenceGrams = double.NaN;
        /// <summary>A two-point RTD calibration is loaded (false: the raw reading is used).</summary>
        public bool RtdCalibrated;
        /// <summary>When the RTD calibration was made, Unix ms UTC; -1 = not known.</summary>
        public long RtdCalibratedUtcMs = -1;

        /// <summary>The last will payload: {"online":false,"station":"{id}"}.</summary>
        public static byte[] OfflineWill(string stationId)
        {
            string reason = Protocol.StationId.Check(stationId);
            if (reason != null) throw new ArgumentException(reason, "stationId");
            StateMessage will = new StateMessage();
            will.Online = false;
            will.StationId = stationId;
            JsonWriter w = new JsonWriter(96);
            will.WriteTo(w);
            return w.ToArray();
        }

        /// <summary>The last will as a string, for MQTT clients that take the will as text
        /// (nanoFramework.M2Mqtt). The payload is pure ASCII, so each byte is one character.</summary>
        public static string OfflineWillText(string stationId)
        {
            byte[] will = OfflineWill(stationId);
            char[] chars = new char[will.Length];
            for (int i = 0; i < will.Length; i++) chars[i] = (char)will[i];
            return new string(chars);
        }

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc, UtcMs);
            w.WriteBoolProperty(OnlineName, Online);
            if (StationId != null) w.WriteStringProperty(StationName, StationId);
            if (Firmware != null) w.WriteStringProperty(FirmwareName, Firmware);
            if (PackMlState != null) w.WriteStringProperty(PackMlStateName, PackMlState);
            if (BatchId != null) w.WriteStringProperty(BatchIdName, BatchId);
            if (StepIndex >= 0) w.WriteIntegerProperty(StepIndexName, StepIndex);
            if (StepCount >= 0) w.WriteIntegerProperty(StepCountName, StepCount);
            if (StepName != null) w.WriteStringProperty(StepNameName, StepName);
            if (Interrupted) w.WriteBoolProperty(InterruptedName, true);
            if (ActiveAlarms != null)
            {
                w.WriteName(AlarmsName);
                w.BeginArray();
                for (int i = 0; i < ActiveAlarms.Length; i++)
                {
                    if (ActiveAlarms[i] != null) w.WriteString(ActiveAlarms[i]);
                }
                w.EndArray();
            }
            if (CalibrationReported) WriteCalibration(w);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        private void WriteCalibration(JsonWriter w)
        {
            w.WriteName(CalibrationName);
            w.BeginObject();
            w.WriteBoolProperty(ScaleName, ScaleCalibrated);
            if (ScaleCalibrated)
            {
                if (ScaleCalibratedUtcMs >= 0) w.WriteUtcProperty(ScaleUtcName, ScaleCalibratedUtcMs);
                if (ScaleReferenceGrams > 0 && ScaleReferenceGrams <= Limits.MaxGrams) w.WriteNumberProperty(ScaleReferenceName, ScaleReferenceGrams, Decimals.Grams);
            }
            w.WriteBoolProperty(RtdName, RtdCalibrated);
            if (RtdCalibrated && RtdCalibratedUtcMs >= 0) w.WriteUtcProperty(RtdUtcName, RtdCalibratedUtcMs);
            w.EndObject();
        }

        public static bool TryParse(byte[] payload, int offset, int length, out StateMessage message, out string error)
        {
            StateMessage m = new StateMessage();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private string Read(JsonReader r)
        {
            string why;
            bool hasOnline = false;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(OnlineName)) { field = OnlineName; why = FieldReader.Bool(r, out Online); hasOnline = why == null; }
                else if (r.ValueEquals(StationName)) { field = StationName; why = ReadStation(r); }
                else if (r.ValueEquals(FirmwareName)) { field = FirmwareName; why = FieldReader.String(r, Limits.MaxNameLength, true, out Firmware); }
                else if (r.ValueEquals(PackMlStateName)) { field = PackMlStateName; why = FieldReader.OneOf(r, PackMlStates.All, out PackMlState); }
                else if (r.ValueEquals(BatchIdName)) { field = BatchIdName; why = FieldReader.String(r, Limits.MaxIdLength, true, out BatchId); }
                else if (r.ValueEquals(StepIndexName)) { field = StepIndexName; why = FieldReader.Int(r, -1, Limits.MaxSteps - 1, out StepIndex); }
                else if (r.ValueEquals(StepCountName)) { field = StepCountName; why = FieldReader.Int(r, -1, Limits.MaxSteps, out StepCount); }
                else if (r.ValueEquals(StepNameName)) { field = StepNameName; why = FieldReader.String(r, Limits.MaxNameLength, true, out StepName); }
                else if (r.ValueEquals(InterruptedName)) { field = InterruptedName; why = FieldReader.Bool(r, out Interrupted); }
                else if (r.ValueEquals(AlarmsName)) { field = AlarmsName; why = FieldReader.StringArray(r, Limits.MaxAlarms, Limits.MaxNameLength, out ActiveAlarms); }
                else if (r.ValueEquals(CalibrationName)) { field = null; why = FieldReader.Nest(CalibrationName, ReadCalibration(r)); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (!hasOnline) return FieldReader.Required(OnlineName, "true or false");
            if (Online)
            {
                if (Seq < 0) return FieldReader.Required(MessageHeader.Seq, "integer when online");
                if (UptimeMs < 0) return FieldReader.Required(MessageHeader.Ts, "integer when online");
                if (PackMlState == null) return FieldReader.Required(PackMlStateName, "PackML state when online");
            }
            return null;
        }

        private string ReadCalibration(JsonReader r)
        {
            string why = FieldReader.BeginObject(r);
            if (why != null) return why;
            bool hasScale = false, hasRtd = false;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (r.ValueEquals(ScaleName)) { field = ScaleName; why = FieldReader.Bool(r, out ScaleCalibrated); hasScale = why == null; }
                else if (r.ValueEquals(ScaleUtcName)) { field = ScaleUtcName; why = FieldReader.UtcMs(r, out ScaleCalibratedUtcMs); }
                else if (r.ValueEquals(ScaleReferenceName)) { field = ScaleReferenceName; why = FieldReader.Double(r, 0, Limits.MaxGrams, out ScaleReferenceGrams); }
                else if (r.ValueEquals(RtdName)) { field = RtdName; why = FieldReader.Bool(r, out RtdCalibrated); hasRtd = why == null; }
                else if (r.ValueEquals(RtdUtcName)) { field = RtdUtcName; why = FieldReader.UtcMs(r, out RtdCalibratedUtcMs); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (!hasScale) return FieldReader.Required(ScaleName, "true or false");
            if (!hasRtd) return FieldReader.Required(RtdName, "true or false");
            if (!(ScaleReferenceGrams > 0) && !double.IsNaN(ScaleReferenceGrams)) return ScaleReferenceName + ": must be greater than 0";
            if (!ScaleCalibrated && (ScaleCalibratedUtcMs >= 0 || !double.IsNaN(ScaleReferenceGrams)))
                return ScaleName + ": false, but " + (ScaleCalibratedUtcMs >= 0 ? ScaleUtcName : ScaleReferenceName) + " is given";
            if (!RtdCalibrated && RtdCalibratedUtcMs >= 0) return RtdName + ": false, but " + RtdUtcName + " is given";
            CalibrationReported = true;
            return null;
        }

        private string ReadStation(JsonReader r)
        {
            string why = FieldReader.String(r, Protocol.StationId.MaxLength, false, out StationId);
            if (why != null) return why;
            return Protocol.StationId.Check(StationId);
        }
    }
}
