using System.Globalization;
using DispenseStation.Composition.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// Reads a bake profile from YAML and checks every field, collecting all errors with line, field and rule
/// (a setpoint above the plate's limit, a negative time, an empty segment list, an unknown wafer size and a band
/// of zero are each refused by name). Size is limited before parsing.
/// </summary>
public static class BakeProfileParser
{
    public const int MaxBytes = 32 * 1024;
    public const int MaxSegments = 16;
    public static readonly string[] Processes = ["post-apply", "post-exposure", "other"];
    private static readonly string[] TopKeys = ["name", "version", "description", "process", "wafer", "segments", "tolerances", "stableS", "placeTimeoutS", "removeGraceS", "maxBackdateS"];

    /// <summary>The profile, or throws <see cref="CompositionException"/> naming every problem.</summary>
    /// <param name="plateLimitC">The highest setpoint the gateway's stations accept.</param>
    /// <param name="version">Overrides the file's version (the API numbers saved versions itself); null = read it.</param>
    public static BakeProfile Parse(string text, string file, double plateLimitC, int? version = null)
    {
        var errors = new List<InputError>();
        void Error(YamlNode? node, string field, string rule) => errors.Add(new InputError(file, node is null ? 1 : (int)node.Start.Line, field, rule));
        if (text.Length > MaxBytes) throw new CompositionException([new InputError(file, 1, "(document)", $"larger than {MaxBytes} bytes")]);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode r)
                throw new CompositionException([new InputError(file, 1, "(document)", "must be a YAML mapping (key: value pairs)")]);
            root = r;
        }
        catch (YamlException e)
        {
            throw new CompositionException([new InputError(file, (int)e.Start.Line, "(syntax)", "YAML syntax error: " + (e.InnerException ?? e).Message)]);
        }

        foreach (var key in root.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!TopKeys.Contains(name)) Error(key, name, "unknown field; allowed here: " + string.Join(", ", TopKeys));
        }
        string? profileName = Text(root, "name", "name", true, Error);
        if (profileName is not null && !System.Text.RegularExpressions.Regex.IsMatch(profileName, "^[a-z0-9][a-z0-9-]{0,63}$"))
            Error(Get(root, "name"), "name", "must be 1-64 lowercase letters, digits or '-', starting with a letter or digit");
        int? fileVersion = version ?? (int?)Number(root, "version", "version", true, 1, 1_000_000, false, Error);
        if (fileVersion is { } fv && fv != Math.Floor((double)fv)) Error(Get(root, "version"), "version", "must be a whole number");
        string? description = Text(root, "description", "description", false, Error);
        string process = Text(root, "process", "process", false, Error) ?? "other";
        if (!Processes.Contains(process)) Error(Get(root, "process"), "process", $"'{process}' is not one of: {string.Join(", ", Processes)}");

        WaferSize? size = null;
        double? heatCapacity = null, gap = null;
        if (Get(root, "wafer") is not YamlMappingNode wafer) Error(Get(root, "wafer") ?? root, "wafer", "is required: a mapping with size (and optionally heatCapacityJPerK, proximityGapMm)");
        else
        {
            string? sizeName = Text(wafer, "size", "wafer.size", true, Error);
            if (sizeName is not null)
            {
                size = WaferSizes.Find(sizeName);
                if (size is null) Error(Get(wafer, "size"), "wafer.size", $"unknown wafer size '{sizeName}'; known: {string.Join(", ", WaferSizes.All.Select(s => s.Name))}");
            }
            heatCapacity = Number(wafer, "heatCapacityJPerK", "wafer.heatCapacityJPerK", false, 0, 500, true, Error);
            gap = Number(wafer, "proximityGapMm", "wafer.proximityGapMm", false, 0.01, 2, false, Error);
        }

        var segments = new List<BakeProfileSegment>();
        var segNode = Get(root, "segments");
        if (segNode is not YamlSequenceNode seq) Error(segNode ?? root, "segments", segNode is null ? "is required: a list of 1 to 16 segments" : "must be a list");
        else if (seq.Children.Count == 0) Error(seq, "segments", "must not be empty: a profile has 1 to 16 segments");
        else if (seq.Children.Count > MaxSegments) Error(seq, "segments", $"has {seq.Children.Count} segments; at most {MaxSegments}");
        else
        {
            for (int i = 0; i < seq.Children.Count; i++)
            {
                string path = $"segments[{i}]";
                if (seq.Children[i] is not YamlMappingNode s) { Error(seq.Children[i], path, "must be a mapping with setpointC, holdS, bandC"); continue; }
                double? sp = Number(s, "setpointC", path + ".setpointC", true, 0, double.MaxValue, false, Error);
                if (sp > plateLimitC) Error(Get(s, "setpointC"), path + ".setpointC", $"{Fmt(sp.Value)} °C is above the plate's limit {Fmt(plateLimitC)} °C");
                double? hold = Number(s, "holdS", path + ".holdS", true, 0, 86400, false, Error);
                double? band = Number(s, "bandC", path + ".bandC", true, 0, 20, true, Error);
                if (sp is { } a && hold is { } b && band is { } c && sp <= plateLimitC) segments.Add(new BakeProfileSegment(a, b, c));
            }
            if (segments.Count == seq.Children.Count && segments.Sum(s => s.HoldS) <= 0)
                Error(seq, "segments", "the hold times must add up to more than 0 s (the time on plate)");
        }

        double timeTol = 1, stable = 10, placeTimeout = 120, grace = 3;
        double? dose = 8, dip = null, recover = null;
        if (Get(root, "tolerances") is { } tolNode)
        {
            if (tolNode is not YamlMappingNode tol) Error(tolNode, "tolerances", "must be a mapping");
            else
            {
                timeTol = Number(tol, "timeOnPlateS", "tolerances.timeOnPlateS", false, 0, 3600, false, Error) ?? timeTol;
                dose = Number(tol, "maxDoseDeficitPercent", "tolerances.maxDoseDeficitPercent", false, 0, 100, false, Error) ?? dose;
                dip = Number(tol, "maxDipC", "tolerances.maxDipC", false, 0, 100, true, Error);
                recover = Number(tol, "maxRecoverS", "tolerances.maxRecoverS", false, 0, 3600, true, Error);
            }
        }
        stable = Number(root, "stableS", "stableS", false, 0, 3600, false, Error) ?? stable;
        placeTimeout = Number(root, "placeTimeoutS", "placeTimeoutS", false, 0, 3600, true, Error) ?? placeTimeout;
        grace = Number(root, "removeGraceS", "removeGraceS", false, 0, 3600, false, Error) ?? grace;
        double? maxBackdate = Number(root, "maxBackdateS", "maxBackdateS", false, 0, 3600, true, Error);
        double planned = segments.Sum(s => s.HoldS);
        if (maxBackdate > planned && planned > 0)
            Error(Get(root, "maxBackdateS"), "maxBackdateS", $"must be at most the time on plate ({planned:0.###} s): a wafer down longer ago is already baked");

        if (errors.Count > 0) throw new CompositionException(errors.ToArray());
        double gapMm = gap ?? 0.1;
        return new BakeProfile(profileName!, fileVersion!.Value, description, process, size!, heatCapacity ?? size!.HeatCapacityJPerK, gapMm,
            WaferSizes.TimeConstantS(size!, gapMm), segments, new BakeTolerances(timeTol, dose, dip, recover), stable, placeTimeout, grace)
            { MaxBackdateS = maxBackdate };
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Text(YamlMappingNode map, string key, string field, bool required, Action<YamlNode?, string, string> error)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) error(map, field, "is required");
            return null;
        }
        if (node is not YamlScalarNode s || string.IsNullOrWhiteSpace(s.Value))
        {
            error(node, field, "must be a non-empty text value");
            return null;
        }
        return s.Value.Trim();
    }

    private static double? Number(YamlMappingNode map, string key, string field, bool required, double min, double max, bool minExclusive,
        Action<YamlNode?, string, string> error)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) error(map, field, "is required");
            return null;
        }
        if (node is not YamlScalarNode s || !double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            error(node, field, "must be a finite number");
            return null;
        }
        if (v < 0 && min >= 0)
        {
            error(node, field, $"{Fmt(v)} is negative; must be {(minExclusive ? "greater than" : "at least")} {Fmt(min)}");
            return null;
        }
        if ((minExclusive ? v <= min : v < min) || v > max)
        {
            error(node, field, $"{Fmt(v)} is outside the allowed range {(minExclusive ? "(" : "[")}{Fmt(min)}, {Fmt(max)}]");
            return null;
        }
        return v;
    }

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
