using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Bake
{
    /// <summary>
    /// A bake job's events on dispense/v1/{station}/event: kind "bake-job" (the job started,
    /// completed or was aborted) and kind "wafer" (a wafer's phase changed; the "done" phase carries
    /// the per-wafer record). Same topic and header as <see cref="EventMessage"/>, which parses these
    /// kinds too and skips the fields below (none of their names is one EventMessage reads), so a
    /// gateway that does not know bake jobs is not broken by them.
    /// </summary>
    public sealed class BakeJobEvent
    {
        private const string KindName = "kind";
        private const string JobIdName = "jobId";
        private const string WaferName = "wafer";
        private const string JobStatusName = "jobStatus";
        private const string PhaseName = "phase";
        private const string MessageName = "message";
        private const string SourceName = "source";
        private const string SetpointCName = "setpointC";
        private const string PlateCName = "plateC";
        private const string DownAtMsName = "downAtMs";
        private const string DetectLagSName = "detectLagS";
        private const string PlannedSName = "plannedS";
        private const string TimeOnPlateSName = "timeOnPlateS";
        private const string RemovalName = "removal";
        private const string DipCName = "dipC";
        private const string RecoverSName = "recoverS";
        private const string DoseCsName = "doseCs";
        private const string IdealDoseCsName = "idealDoseCs";
        private const string WafersDoneName = "wafersDone";

        public long Seq = -1;
        public long UptimeMs = -1;
        public string Utc;
        /// <summary><see cref="EventKinds.BakeJob"/> or <see cref="EventKinds.Wafer"/>.</summary>
        public string Kind;
        public string JobId;
        /// <summary>0-based wafer index; -1 when absent.</summary>
        public int Wafer = -1;
        /// <summary>bake-job: one of <see cref="BakeJobStatuses"/>.</summary>
        public string JobStatus;
        /// <summary>wafer: one of <see cref="WaferPhases"/>.</summary>
        public string Phase;
        /// <summary>Prompt text, abort reason.</summary>
        public string Message;
        /// <summary>down and done: one of <see cref="WaferDownSources"/>.</summary>
        public string Source;
        /// <summary>The setpoint the wafer is baked at (first segment), °C.</summary>
        public double SetpointC = double.NaN;
        /// <summary>Plate temperature when the event was raised, °C.</summary>
        public double PlateC = double.NaN;
        /// <summary>down and done: station uptime of the estimated landing, ms (time on plate counts from it).</summary>
        public long DownAtMs = -1;
        /// <summary>down and done: from the estimated landing to its confirmation, s.</summary>
        public double DetectLagS = double.NaN;
        /// <summary>done: planned and actual time on plate (wafer-down to removal), s.</summary>
        public double PlannedS = double.NaN;
        public double TimeOnPlateS = double.NaN;
        /// <summary>done: one of <see cref="WaferRemovals"/>.</summary>
        public string Removal;
        /// <summary>done: deepest plate dip below the setpoint after wafer-down, °C.</summary>
        public double DipC = double.NaN;
        /// <summary>done: from wafer-down until the wafer estimate is back within ±0.1 °C of the setpoint, s; absent if it never was.</summary>
        public double RecoverS = double.NaN;
        /// <summary>done: integral of the estimated wafer temperature over the time on plate, and of the setpoint over the planned time (the ideal isothermal bake), °C·s.</summary>
        public double DoseCs = double.NaN;
        public double IdealDoseCs = double.NaN;
        /// <summary>bake-job: wafers done so far.</summary>
        public int WafersDone = -1;

        /// <summary>Absent fields everywhere (the station reuses one instance).</summary>
        public void Clear()
        {
            Kind = null; JobId = null; Wafer = -1; JobStatus = null; Phase = null; Message = null; Source = null;
            SetpointC = double.NaN; PlateC = double.NaN; DownAtMs = -1; DetectLagS = double.NaN;
            PlannedS = double.NaN; TimeOnPlateS = double.NaN; Removal = null; DipC = double.NaN;
            RecoverS = double.NaN; DoseCs = double.NaN; IdealDoseCs = double.NaN; WafersDone = -1;
        }

        /// <summary>Writes the whole document (resets the writer). Length, or -1 on overflow.</summary>
        public int WriteTo(JsonWriter w)
        {
            w.Reset();
            w.BeginObject();
            MessageHeader.Write(w, Seq, UptimeMs, Utc);
            w.WriteStringProperty(KindName, Kind);
            if (JobId != null) w.WriteStringProperty(JobIdName, JobId);
            if (Wafer >= 0) w.WriteIntegerProperty(WaferName, Wafer);
            if (JobStatus != null) w.WriteStringProperty(JobStatusName, JobStatus);
            if (Phase != null) w.WriteStringProperty(PhaseName, Phase);
            if (Message != null) w.WriteStringProperty(MessageName, Message);
            if (Source != null) w.WriteStringProperty(SourceName, Source);
            MessageHeader.WriteOptional(w, SetpointCName, SetpointC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, PlateCName, PlateC, Decimals.Temperature);
            if (DownAtMs >= 0) w.WriteIntegerProperty(DownAtMsName, DownAtMs);
            MessageHeader.WriteOptional(w, DetectLagSName, DetectLagS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, PlannedSName, PlannedS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, TimeOnPlateSName, TimeOnPlateS, Decimals.Seconds);
            if (Removal != null) w.WriteStringProperty(RemovalName, Removal);
            MessageHeader.WriteOptional(w, DipCName, DipC, Decimals.Temperature);
            MessageHeader.WriteOptional(w, RecoverSName, RecoverS, Decimals.Seconds);
            MessageHeader.WriteOptional(w, DoseCsName, DoseCs, Decimals.Temperature);
            MessageHeader.WriteOptional(w, IdealDoseCsName, IdealDoseCs, Decimals.Temperature);
            if (WafersDone >= 0) w.WriteIntegerProperty(WafersDoneName, WafersDone);
            w.EndObject();
            return MessageHeader.Result(w);
        }

        /// <summary>True when <paramref name="kind"/> is one this class reads.</summary>
        public static bool IsBakeKind(string kind)
        {
            return kind == EventKinds.BakeJob || kind == EventKinds.Wafer;
        }

        public static bool TryParse(byte[] payload, int offset, int length, out BakeJobEvent message, out string error)
        {
            BakeJobEvent m = new BakeJobEvent();
            error = MessageDocument.Parse(payload, offset, length, m.Read);
            message = error == null ? m : null;
            return error == null;
        }

        private static readonly string[] Kinds = { EventKinds.BakeJob, EventKinds.Wafer };

        private string Read(JsonReader r)
        {
            string why;
            string jsonError;
            while (FieldReader.NextProperty(r, out jsonError))
            {
                string field;
                if (MessageHeader.TryRead(r, ref Seq, ref UptimeMs, ref Utc, out why)) field = null;
                else if (r.ValueEquals(KindName)) { field = KindName; why = FieldReader.OneOf(r, Kinds, out Kind); }
                else if (r.ValueEquals(JobIdName)) { field = JobIdName; why = FieldReader.String(r, Limits.MaxIdLength, false, out JobId); }
                else if (r.ValueEquals(WaferName)) { field = WaferName; why = FieldReader.Int(r, 0, BakeJobSpec.MaxWafers - 1, out Wafer); }
                else if (r.ValueEquals(JobStatusName)) { field = JobStatusName; why = FieldReader.OneOf(r, BakeJobStatuses.All, out JobStatus); }
                else if (r.ValueEquals(PhaseName)) { field = PhaseName; why = FieldReader.OneOf(r, WaferPhases.All, out Phase); }
                else if (r.ValueEquals(MessageName)) { field = MessageName; why = FieldReader.String(r, Limits.MaxTextLength, true, out Message); }
                else if (r.ValueEquals(SourceName)) { field = SourceName; why = FieldReader.OneOf(r, WaferDownSources.All, out Source); }
                else if (r.ValueEquals(SetpointCName)) { field = SetpointCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxTemperatureC, out SetpointC); }
                else if (r.ValueEquals(PlateCName)) { field = PlateCName; why = FieldReader.Double(r, Limits.MinTemperatureC, Limits.MaxTemperatureC, out PlateC); }
                else if (r.ValueEquals(DownAtMsName)) { field = DownAtMsName; why = FieldReader.Long(r, 0, long.MaxValue, out DownAtMs); }
                else if (r.ValueEquals(DetectLagSName)) { field = DetectLagSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out DetectLagS); }
                else if (r.ValueEquals(PlannedSName)) { field = PlannedSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out PlannedS); }
                else if (r.ValueEquals(TimeOnPlateSName)) { field = TimeOnPlateSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out TimeOnPlateS); }
                else if (r.ValueEquals(RemovalName)) { field = RemovalName; why = FieldReader.OneOf(r, WaferRemovals.All, out Removal); }
                else if (r.ValueEquals(DipCName)) { field = DipCName; why = FieldReader.Double(r, -Limits.MaxTemperatureC, Limits.MaxTemperatureC, out DipC); }
                else if (r.ValueEquals(RecoverSName)) { field = RecoverSName; why = FieldReader.Double(r, 0, Limits.MaxSeconds, out RecoverS); }
                else if (r.ValueEquals(DoseCsName)) { field = DoseCsName; why = FieldReader.Double(r, double.MinValue, double.MaxValue, out DoseCs); }
                else if (r.ValueEquals(IdealDoseCsName)) { field = IdealDoseCsName; why = FieldReader.Double(r, double.MinValue, double.MaxValue, out IdealDoseCs); }
                else if (r.ValueEquals(WafersDoneName)) { field = WafersDoneName; why = FieldReader.Int(r, 0, BakeJobSpec.MaxWafers, out WafersDone); }
                else { field = null; why = FieldReader.Skip(r); }
                if (why != null) return FieldReader.Leaf(field, why);
            }
            if (jsonError != null) return jsonError;
            if (Seq < 0) return FieldReader.Required(MessageHeader.Seq, "integer");
            if (UptimeMs < 0) return FieldReader.Required(MessageHeader.Ts, "integer");
            if (Kind == null) return FieldReader.Required(KindName, "bake-job or wafer");
            if (JobId == null) return FieldReader.Required(JobIdName, "string");
            if (Kind == EventKinds.BakeJob && JobStatus == null) return FieldReader.Required(JobStatusName, "job status for a bake-job event");
            if (Kind == EventKinds.Wafer)
            {
                if (Wafer < 0) return FieldReader.Required(WaferName, "integer for a wafer event");
                if (Phase == null) return FieldReader.Required(PhaseName, "wafer phase for a wafer event");
                if ((Phase == WaferPhases.Down || Phase == WaferPhases.Done) && Source == null)
                    return FieldReader.Required(SourceName, "wafer-down source for a " + Phase + " event");
                if (Phase == WaferPhases.Done)
                {
                    if (double.IsNaN(TimeOnPlateS)) return FieldReader.Required(TimeOnPlateSName, "number for a done event");
                    if (Removal == null) return FieldReader.Required(RemovalName, "removal for a done event");
                }
            }
            return null;
        }
    }
}
