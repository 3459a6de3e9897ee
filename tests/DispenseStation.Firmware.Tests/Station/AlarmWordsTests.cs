using System.Reflection;
using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>Every alarm code the station can raise comes with words a technician can act on.</summary>
public class AlarmWordsTests
{
    public static TheoryData<string> EveryCode()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < SafetyAlarms.Count; i++) codes.Add(SafetyAlarms.CodeAt(i));
        var thermal = typeof(ThermalHotplateProcess).GetMethod("FaultName", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (ThermalFault f in Enum.GetValues<ThermalFault>())
            if (thermal.Invoke(null, [f]) is string code) codes.Add(code);
        var dosing = typeof(DoserDosingProcess).GetMethod("FaultName", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var field in typeof(DoseFault).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(int)))
            if (dosing.Invoke(null, [(int)field.GetRawConstantValue()!]) is string code && code != "dose-fault") codes.Add(code);
        var data = new TheoryData<string>();
        foreach (var c in codes) data.Add(c);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Each_alarm_code_has_its_own_words_saying_what_to_do(string code)
    {
        Assert.True(AlarmWords.Knows(code), $"no words for alarm code '{code}'");
        string words = AlarmWords.For(code, null!);
        Assert.True(words.Length > 30, words);
        Assert.Contains(".", words);
    }

    public static TheoryData<string> DoseCodes()
    {
        var dosing = typeof(DoserDosingProcess).GetMethod("FaultName", BindingFlags.NonPublic | BindingFlags.Static)!;
        var data = new TheoryData<string>();
        foreach (var field in typeof(DoseFault).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(int)))
            if (dosing.Invoke(null, [(int)field.GetRawConstantValue()!]) is string code && code != "dose-fault") data.Add(code);
        return data;
    }

    /// <summary>The contract lists every dose alarm code the station raises (the gateway and its users read it there).</summary>
    [Theory]
    [MemberData(nameof(DoseCodes))]
    public void Each_dose_alarm_code_is_in_the_protocol_readme(string code)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        string readme = File.ReadAllText(Path.Combine(dir!.FullName, "shared", "DispenseStation.Protocol", "README.md"));
        int section = readme.IndexOf("#### Dosing alarm codes", StringComparison.Ordinal);
        Assert.True(section >= 0, "the protocol README has no dosing alarm codes section");
        int end = readme.IndexOf("\n### ", section, StringComparison.Ordinal);
        Assert.Contains("`" + code + "`", readme[section..(end < 0 ? readme.Length : end)]);
    }

    [Fact]
    public void An_unknown_code_still_gets_words_naming_its_source()
    {
        Assert.StartsWith("Hotplate fault", AlarmWords.For("new-thing", "hotplate"));
        Assert.StartsWith("Dosing fault", AlarmWords.For("new-thing", "dosing"));
        Assert.False(string.IsNullOrEmpty(AlarmWords.For("new-thing", null!)));
    }
}
