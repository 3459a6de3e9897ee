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

    [Fact]
    public void An_unknown_code_still_gets_words_naming_its_source()
    {
        Assert.StartsWith("Hotplate fault", AlarmWords.For("new-thing", "hotplate"));
        Assert.StartsWith("Dosing fault", AlarmWords.For("new-thing", "dosing"));
        Assert.False(string.IsNullOrEmpty(AlarmWords.For("new-thing", null!)));
    }
}
