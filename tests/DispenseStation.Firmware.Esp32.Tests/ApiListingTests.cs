using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// The stand-ins must have exactly the public surface written down in NanoStubs/NanoApi.listing.txt:
/// the members of the real nanoFramework packages (ids, versions and where each was checked are in
/// its header), copied from their sources as facts. Two sets of stand-ins are checked: the behaving
/// ones in NanoStubs/ that the .NET tests run (for the nanoFramework-only namespaces), and the
/// reference-only ones in build/Esp32Gate/StandIns that the portability gate compiles the
/// application against with nanoFramework's mscorlib (every listed package, read from the gate's
/// nanoFramework assembly without loading it). A stand-in that gains, loses or changes a member fails
/// here, so the ESP32 code cannot compile against an API the board does not have. Test hooks are
/// internal and not part of the surface.
/// </summary>
public class ApiListingTests
{
    private static readonly string[] MirroredNamespaces =
    {
        "Iot.Device.Hx711", "nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt.Messages", "nanoFramework.M2Mqtt.Exceptions",
        "nanoFramework.Hardware.Esp32", "nanoFramework.Networking", "nanoFramework.Runtime.Native", "System.Device.Wifi",
    };

    private static readonly string[] Kinds = { "static class", "sealed class", "class", "struct", "enum", "interface", "delegate" };

    [Fact]
    public void The_stand_ins_match_the_listing_of_the_real_packages()
    {
        var listed = Listing().Where(l => MirroredNamespaces.Contains(Namespace(TypeOf(l)))).ToList();
        var types = typeof(ApiListingTests).Assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic)
            .Where(t => MirroredNamespaces.Contains(t.Namespace));
        AssertSame(listed, Surface(types).ToList(), "NanoApi.actual.txt");
    }

    [Fact]
    public void The_gate_stand_ins_match_the_listing_of_the_real_packages()
    {
        string nano = Path.Combine(AppContext.BaseDirectory, "nano");
        var resolver = new PathAssemblyResolver(new[] { Path.Combine(nano, "mscorlib.dll"), Path.Combine(nano, "DispenseStation.Firmware.Esp32.Gate.dll") });
        using var context = new MetadataLoadContext(resolver, "mscorlib");
        Assembly gate = context.LoadFromAssemblyPath(Path.Combine(nano, "DispenseStation.Firmware.Esp32.Gate.dll"));
        var types = gate.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic)
            .Where(t => t.Namespace == null || !t.Namespace.StartsWith("DispenseStation.", StringComparison.Ordinal));
        AssertSame(Listing(), Surface(types).ToList(), "NanoApi.gate.txt");
    }

    [Fact]
    public void Every_mirrored_namespace_has_a_stand_in_and_every_listed_type_a_package()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "NanoApi.listing.txt"));
        var packages = lines.Where(l => l.StartsWith("# package ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(packages);
        var types = typeof(ApiListingTests).Assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic)
            .Where(t => MirroredNamespaces.Contains(t.Namespace));
        var surface = Surface(types).ToList();
        foreach (string ns in MirroredNamespaces)
            Assert.Contains(surface, l => l.StartsWith("type ", StringComparison.Ordinal) && l.Contains(" " + ns + ".", StringComparison.Ordinal));
    }

    private static void AssertSame(List<string> listed, List<string> actual, string reportName)
    {
        var missing = listed.Except(actual).ToList();
        var extra = actual.Except(listed).ToList();
        string report = Path.Combine(AppContext.BaseDirectory, reportName);
        File.WriteAllLines(report, actual);
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "stand-ins drifted from the real API (actual surface written to " + report + ")\n"
            + "in the listing but not in the stand-ins:\n  " + string.Join("\n  ", missing)
            + "\nin the stand-ins but not in the listing:\n  " + string.Join("\n  ", extra));
    }

    private static List<string> Listing() => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "NanoApi.listing.txt"))
        .Select(l => l.TrimEnd())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToList();

    /// <summary>The type a listing line is about: "type kind Name : bases" or "Name | member".</summary>
    private static string TypeOf(string line)
    {
        if (!line.StartsWith("type ", StringComparison.Ordinal)) return line[..line.IndexOf(" | ", StringComparison.Ordinal)];
        string rest = line[5..];
        string kind = Kinds.First(k => rest.StartsWith(k + " ", StringComparison.Ordinal));
        rest = rest[(kind.Length + 1)..];
        int colon = rest.IndexOf(" : ", StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
    }

    /// <summary>The longest mirrored namespace that prefixes a (possibly nested) type name; "" when none.</summary>
    private static string Namespace(string typeName) => MirroredNamespaces
        .Where(ns => typeName.StartsWith(ns + ".", StringComparison.Ordinal))
        .OrderByDescending(ns => ns.Length).FirstOrDefault() ?? "";

    /// <summary>The public surface, by names only, so it reads the same from runtime reflection and
    /// from a MetadataLoadContext over nanoFramework's mscorlib.</summary>
    internal static IEnumerable<string> Surface(IEnumerable<Type> all)
    {
        foreach (var t in all.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string name = Name(t);
            yield return "type " + Kind(t) + " " + name + Bases(t);
            if (t.IsEnum)
            {
                foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken))
                    yield return name + " | " + f.Name + " = " + Convert.ToInt64(f.GetRawConstantValue());
                continue;
            }
            if (IsDelegate(t))
            {
                yield return name + " | invoke " + Signature(t.GetMethod("Invoke")!);
                continue;
            }
            const BindingFlags all2 = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = new List<string>();
            foreach (var c in t.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
                members.Add("ctor(" + Parameters(c) + ")");
            foreach (var f in t.GetFields(all2))
                members.Add((f.IsLiteral ? "const " : f.IsStatic ? "static field " : "field ") + Name(f.FieldType) + " " + f.Name
                    + (f.IsLiteral ? " = " + Constant(f.FieldType, f.GetRawConstantValue()) : ""));
            foreach (var p in t.GetProperties(all2))
            {
                var get = p.GetMethod is { IsPublic: true } g ? (g.IsStatic ? "static " : "") + "get; " : "";
                var set = p.SetMethod is { IsPublic: true } ? "set; " : "";
                members.Add("property " + Name(p.PropertyType) + " " + p.Name + " { " + get + set + "}");
            }
            foreach (var e in t.GetEvents(all2))
                members.Add("event " + Name(e.EventHandlerType!) + " " + e.Name);
            foreach (var m in t.GetMethods(all2).Where(m => !m.IsSpecialName && !IsObjectOverride(t, m)))
                members.Add("method " + (m.IsStatic ? "static " : "") + Signature(m));
            foreach (string m in members.OrderBy(m => m, StringComparer.Ordinal)) yield return name + " | " + m;
        }
    }

    private static bool IsDelegate(Type t) => t.BaseType?.FullName == "System.MulticastDelegate";

    // Equals/GetHashCode/ToString overrides of a value type are not part of what the station calls.
    private static bool IsObjectOverride(Type t, MethodInfo m) => t.IsValueType
        && (m.Name == "Equals" || m.Name == "GetHashCode" || m.Name == "ToString") && m.IsVirtual;

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : IsDelegate(t) ? "delegate"
        : t.IsAbstract && t.IsSealed ? "static class" : t.IsSealed ? "sealed class" : "class";

    private static string Bases(Type t)
    {
        if (t.IsEnum) return " : " + Name(t.GetEnumUnderlyingType());
        if (IsDelegate(t) || t.IsInterface) return "";
        var list = new List<string>();
        if (t.BaseType != null && t.BaseType.FullName != "System.Object" && t.BaseType.FullName != "System.ValueType") list.Add(Name(t.BaseType));
        // Only what the type itself declares: .NET's Exception brings ISerializable, nanoFramework's does not.
        var inherited = (t.BaseType?.GetInterfaces() ?? Type.EmptyTypes).Select(Name).ToList();
        list.AddRange(t.GetInterfaces().Select(Name).Except(inherited).Where(n => !n.StartsWith("System.IEquatable", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal));
        return list.Count == 0 ? "" : " : " + string.Join(", ", list);
    }

    private static string Signature(MethodInfo m) => Name(m.ReturnType) + " " + m.Name + "(" + Parameters(m) + ")";

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + Constant(p.ParameterType, p.RawDefaultValue) : "")));

    /// <summary>A constant as the listing writes it: enum members by name, booleans as True/False, null as default.</summary>
    private static string Constant(Type type, object raw)
    {
        if (raw == null || raw is DBNull || raw == Missing.Value) return "default";
        if (type.IsEnum)
        {
            long value = Convert.ToInt64(raw);
            var field = type.GetFields(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(f => Convert.ToInt64(f.GetRawConstantValue()) == value);
            return field?.Name ?? value.ToString();
        }
        return Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string Name(Type t) => t.IsByRef ? "ref " + Name(t.GetElementType()!) : (t.FullName ?? t.Name).Replace('+', '.');
}
