using System.Text.Json;
using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Registry;

namespace DispenseStation.Gateway.Tests.HomeAssistant;

/// <summary>
/// The station's Home Assistant telemetry message: one JSON object whose fields the telemetry entities' value_templates
/// name, numbers at each entity's precision, null (rendered None, HA's unknown) where the station sent no value.
/// </summary>
public sealed class TelemetryJsonTests
{
    private static TelemetryPoint Point(double? plate, double? setpoint, double? grams, double? duty) =>
        new(DateTimeOffset.UnixEpoch, grams, true, plate, setpoint, duty, []);

    [Fact]
    public void Every_telemetry_entity_has_its_field_at_its_precision_and_no_other_field_is_there()
    {
        var json = JsonDocument.Parse(HomeAssistantEntities.TelemetryJson(null, Point(100.004, 100, 12.3456, 0.4))).RootElement;
        Assert.Equal("100.00", json.GetProperty("plate_temperature").GetRawText());
        Assert.Equal("100.0", json.GetProperty("setpoint").GetRawText());
        Assert.Equal("12.346", json.GetProperty("scale_weight").GetRawText());
        Assert.Equal("40.0", json.GetProperty("heater_duty").GetRawText());
        var templated = HomeAssistantEntities.All.Where(e => e.FromTelemetry).Select(e => e.Key).Order().ToArray();
        Assert.Equal(templated, json.EnumerateObject().Select(p => p.Name).Order().ToArray());
        foreach (var e in HomeAssistantEntities.All.Where(e => e.FromTelemetry))
            Assert.Equal("{{ value_json." + e.Key + " }}", DiscoveryConfig.ValueTemplate(e));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(null)]
    public void A_value_the_station_did_not_send_is_null_and_the_others_stay(double? setpoint)
    {
        var json = JsonDocument.Parse(HomeAssistantEntities.TelemetryJson(null, Point(-0.5, setpoint, 0, 0))).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("setpoint").ValueKind);
        Assert.Equal("-0.50", json.GetProperty("plate_temperature").GetRawText());
        Assert.Equal("0.000", json.GetProperty("scale_weight").GetRawText());
    }

    [Fact]
    public void Before_any_sample_every_field_is_null()
    {
        var json = JsonDocument.Parse(HomeAssistantEntities.TelemetryJson(null, null)).RootElement;
        Assert.All(json.EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
    }
}
