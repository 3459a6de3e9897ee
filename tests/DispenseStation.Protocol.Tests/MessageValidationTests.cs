using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Tests;

/// <summary>Bad payloads are rejected whole, with an error that names the field and the rule.</summary>
public class MessageValidationTests
{
    private static byte[] B(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    private static string RecipeError(string json)
    {
        byte[] bytes = B(json);
        Assert.False(ControlRecipe.TryParse(bytes, 0, bytes.Length, out var recipe, out var error));
        Assert.Null(recipe);
        return error;
    }

    private const string Tare = "{'kind':'tare','name':'t'}";
    private const string Dose = "{'kind':'dose','name':'d','channel':1,'targetGrams':10,'toleranceGrams':0.01,'timeoutS':60}";

    private static string Recipe(params string[] steps) =>
        "{'batchId':'B1','maxBottleGrams':100,'steps':[" + string.Join(",", steps) + "]}";

    [Theory]
    [InlineData("{'kind':'dose','name':'d','channel':1,'toleranceGrams':0.01,'timeoutS':60}", "steps[3].targetGrams: required number")]
    [InlineData("{'kind':'dose','name':'d','channel':8,'targetGrams':10,'toleranceGrams':0.01,'timeoutS':60}", "steps[3].channel: must be between 0 and 7")]
    [InlineData("{'kind':'dose','name':'d','channel':1,'targetGrams':10,'toleranceGrams':10,'timeoutS':60}", "steps[3].toleranceGrams: must be greater than 0 and less than targetGrams")]
    [InlineData("{'kind':'dose','name':'d','channel':1,'targetGrams':'10','toleranceGrams':0.1,'timeoutS':60}", "steps[3].targetGrams: must be a number")]
    [InlineData("{'kind':'dose','name':'d','channel':1.5,'targetGrams':10,'toleranceGrams':0.1,'timeoutS':60}", "steps[3].channel: must be an integer")]
    [InlineData("{'kind':'dose','name':'d','channel':1,'targetGrams':10,'toleranceGrams':0.1}", "steps[3].timeoutS: required number")]
    [InlineData("{'kind':'pour','name':'p'}", "steps[3].kind: must be one of tare, dose, wait-stable, mix, bake, prompt")]
    [InlineData("{'name':'p'}", "steps[3].kind: required step kind")]
    [InlineData("{'kind':'tare'}", "steps[3].name: required string")]
    [InlineData("{'kind':'tare','name':''}", "steps[3].name: must not be empty")]
    [InlineData("{'kind':'mix','name':'m'}", "steps[3].durationS: required number for a mix step")]
    [InlineData("{'kind':'mix','name':'m','durationS':0}", "steps[3].durationS: must be greater than 0")]
    [InlineData("{'kind':'wait-stable','name':'w'}", "steps[3].timeoutS: required number for a wait-stable step")]
    [InlineData("{'kind':'prompt','name':'p'}", "steps[3].promptText: required string for a prompt step")]
    [InlineData("{'kind':'bake','name':'b'}", "steps[3].bake: required array of 1 to 16 segments")]
    [InlineData("{'kind':'bake','name':'b','bake':[]}", "steps[3].bake: required array of 1 to 16 segments")]
    [InlineData("{'kind':'bake','name':'b','bake':[{'setpointC':100,'holdS':60}]}", "steps[3].bake[0].bandC: required number")]
    [InlineData("{'kind':'bake','name':'b','bake':[{'setpointC':100,'holdS':60,'bandC':0.5},{'setpointC':500,'holdS':60,'bandC':0.5}]}", "steps[3].bake[1].setpointC: must be between 0.000 and 400.000")]
    [InlineData("{'kind':'bake','name':'b','bake':[{'setpointC':100,'holdS':60,'bandC':0}]}", "steps[3].bake[0].bandC: must be greater than 0")]
    [InlineData("{'kind':'bake','name':'b','bake':[{'setpointC':100,'rampCPerMin':-1,'holdS':60,'bandC':1}]}", "steps[3].bake[0].rampCPerMin: must be between")]
    [InlineData("{'kind':'bake','name':'b','bake':[7]}", "steps[3].bake[0]: must be an object")]
    [InlineData("{'kind':'bake','name':'b','bake':{}}", "steps[3].bake: must be an array")]
    [InlineData("'tare'", "steps[3]: must be an object")]
    public void Recipe_step_errors_name_the_step_and_field(string badStep, string expected)
    {
        Assert.StartsWith(expected, RecipeError(Recipe(Tare, Dose, Dose, badStep)));
    }

    [Fact]
    public void Recipe_level_rules()
    {
        Assert.Equal("batchId: required string", RecipeError("{'maxBottleGrams':100,'steps':[" + Tare + "]}"));
        Assert.Equal("maxBottleGrams: required number", RecipeError("{'batchId':'B','steps':[" + Tare + "]}"));
        Assert.Equal("maxBottleGrams: must be greater than 0", RecipeError("{'batchId':'B','maxBottleGrams':0,'steps':[" + Tare + "]}"));
        Assert.StartsWith("steps: required array of 1 to 64 steps", RecipeError("{'batchId':'B','maxBottleGrams':100,'steps':[]}"));
        Assert.Equal("steps: must have at most 64 steps", RecipeError(Recipe(Enumerable.Repeat(Tare, 65).ToArray())));
        Assert.Equal("batchId: must be at most 64 characters", RecipeError("{'batchId':'" + new string('x', 65) + "','maxBottleGrams':100,'steps':[" + Tare + "]}"));
        var doses = Enumerable.Repeat(Dose.Replace("'targetGrams':10", "'targetGrams':40").Replace("0.01", "0.1"), 3).ToArray();
        Assert.Equal("steps: dose steps add up to 120.000 g, more than maxBottleGrams 100.000 g", RecipeError(Recipe(doses)));
    }

    [Fact]
    public void Unknown_fields_are_skipped_at_every_level()
    {
        byte[] bytes = B("{'future':{'x':[1,{'y':null}]},'batchId':'B1','maxBottleGrams':100,'steps':[{'kind':'tare','name':'t','colour':'red'," +
            "'nested':[[[]]]}],'more':true}");
        Assert.True(ControlRecipe.TryParse(bytes, 0, bytes.Length, out var recipe, out var error), error);
        Assert.Equal("B1", recipe.BatchId);
        Assert.Single(recipe.Steps);
    }

    [Fact]
    public void Json_syntax_errors_inside_a_nested_field_report_the_byte_position()
    {
        byte[] bytes = B("{'id':'c1','recipe':{'batchId':'B1','steps':[{'kind':'tare',}]}}");
        Assert.False(CommandMessage.TryParse(CommandNames.Start, bytes, 0, bytes.Length, out _, out var error));
        Assert.Equal("invalid JSON at byte 60: expected a property name after ','", error);
    }

    [Fact]
    public void Command_rules()
    {
        string Error(string name, string json)
        {
            byte[] bytes = B(json);
            Assert.False(CommandMessage.TryParse(name, bytes, 0, bytes.Length, out var m, out var e));
            Assert.Null(m);
            return e;
        }
        Assert.StartsWith("name: unknown command 'explode'", Error("explode", "{'id':'c1'}"));
        Assert.Equal("id: required string of 1 to 64 characters", Error(CommandNames.Hold, "{}"));
        Assert.Equal("id: must not be empty", Error(CommandNames.Hold, "{'id':''}"));
        Assert.Equal("id: must be at most 64 characters", Error(CommandNames.Hold, "{'id':'" + new string('x', 65) + "'}"));
        Assert.Equal("id: must be a string", Error(CommandNames.Hold, "{'id':5}"));
        Assert.Equal("recipe: required control recipe for start", Error(CommandNames.Start, "{'id':'c1'}"));
        Assert.Equal("recipe: must be an object", Error(CommandNames.Start, "{'id':'c1','recipe':[]}"));
        Assert.Equal("recipe.steps[0].kind: required step kind (tare, dose, wait-stable, mix, bake, prompt)",
            Error(CommandNames.Start, "{'id':'c1','recipe':{'batchId':'B','maxBottleGrams':1,'steps':[{}]}}"));
        Assert.Equal("stepIndex: required integer for confirm", Error(CommandNames.Confirm, "{'id':'c1'}"));
        Assert.Equal("stepIndex: must be between 0 and 63", Error(CommandNames.Confirm, "{'id':'c1','stepIndex':-2}"));
        Assert.Equal("payload must be a JSON object", Error(CommandNames.Hold, "['c1']"));
        Assert.Equal("invalid JSON at byte 12: unexpected data after the end of the document", Error(CommandNames.Hold, "{'id':'c1'} x"));
    }

    [Fact]
    public void Oversize_commands_are_refused_before_parsing()
    {
        string padding = new string(' ', Limits.MaxCommandBytes);
        byte[] bytes = B("{'id':'c1'," + padding + "'seq':1}");
        Assert.False(CommandMessage.TryParse(CommandNames.Hold, bytes, 0, bytes.Length, out _, out var error));
        Assert.Equal("payload: larger than 16384 bytes", error);
        Assert.True(new CommandMessage { Id = "c", Name = CommandNames.Start, Recipe = Recipes.Sample() }.WriteTo(new JsonWriter(Limits.MaxCommandBytes)) > 0);
    }

    [Fact]
    public void Deeply_nested_unknown_fields_hit_the_depth_limit_cleanly()
    {
        byte[] bytes = B("{'online':false,'x':" + new string('[', 100_000) + new string(']', 100_000) + "}");
        Assert.False(StateMessage.TryParse(bytes, 0, bytes.Length, out _, out var error));
        Assert.Equal("invalid JSON at byte 51: nesting deeper than 32", error);
    }

    [Fact]
    public void The_id_of_an_invalid_command_can_still_be_read_for_the_rejection()
    {
        byte[] bytes = B("{'seq':1,'recipe':{'nonsense':[1,2]},'id':'c-77','stepIndex':'x'}");
        Assert.False(CommandMessage.TryParse(CommandNames.Start, bytes, 0, bytes.Length, out _, out _));
        Assert.Equal("c-77", CommandMessage.TryReadId(bytes, 0, bytes.Length));
        Assert.Null(CommandMessage.TryReadId(B("{'id':7}"), 0, 8));
        Assert.Null(CommandMessage.TryReadId(B("{'i"), 0, 3));
    }

    [Fact]
    public void State_rules()
    {
        string Error(string json)
        {
            byte[] bytes = B(json);
            Assert.False(StateMessage.TryParse(bytes, 0, bytes.Length, out _, out var e));
            return e;
        }
        Assert.Equal("online: required true or false", Error("{'seq':1,'ts':2}"));
        Assert.Equal("packMlState: required PackML state when online", Error("{'seq':1,'ts':2,'online':true}"));
        Assert.Equal("seq: required integer when online", Error("{'ts':2,'online':true,'packMlState':'Idle'}"));
        Assert.StartsWith("packMlState: must be one of Idle, Starting, Execute", Error("{'seq':1,'ts':2,'online':true,'packMlState':'idle'}"));
        Assert.Equal("seq: must be between 0 and 9223372036854775807", Error("{'seq':-5,'online':false}"));
        Assert.Equal("alarms[1]: must be a string", Error("{'online':false,'alarms':['A',1]}"));
        Assert.StartsWith("station: station id may contain only", Error("{'online':false,'station':'A B'}"));
    }

    [Fact]
    public void Telemetry_and_event_rules()
    {
        string TelemetryError(string json)
        {
            byte[] bytes = B(json);
            Assert.False(TelemetryMessage.TryParse(bytes, 0, bytes.Length, out _, out var e));
            return e;
        }
        Assert.Equal("samples[1].ts: required integer", TelemetryError("{'seq':1,'ts':2,'samples':[{'ts':1},{}]}"));
        Assert.Equal("samples[0].heaterDuty: must be between 0.000 and 1.000", TelemetryError("{'seq':1,'ts':2,'samples':[{'ts':1,'heaterDuty':1.5}]}"));
        Assert.Equal("samples[0].pumpRates: must have at most 8 items", TelemetryError("{'seq':1,'ts':2,'samples':[{'ts':1,'pumpRates':[0,0,0,0,0,0,0,0,0]}]}"));
        Assert.Equal("samples: required array of samples", TelemetryError("{'seq':1,'ts':2}"));

        string EventError(string json)
        {
            byte[] bytes = B(json);
            Assert.False(EventMessage.TryParse(bytes, 0, bytes.Length, out _, out var e));
            return e;
        }
        Assert.Equal("success: required true or false for a dose-result",
            EventError("{'seq':1,'ts':2,'kind':'dose-result','channel':0,'targetGrams':1,'actualGrams':1}"));
        Assert.Equal("severity: required severity for alarm-raised", EventError("{'seq':1,'ts':2,'kind':'alarm-raised','alarmCode':'X'}"));
        Assert.StartsWith("severity: must be one of info, warning, critical", EventError("{'seq':1,'ts':2,'kind':'alarm-raised','alarmCode':'X','severity':'fatal'}"));
        Assert.Equal("kind: required event kind", EventError("{'seq':1,'ts':2}"));
    }

    [Fact]
    public void Null_number_fields_read_as_absent()
    {
        byte[] bytes = B("{'seq':1,'ts':2,'samples':[{'ts':1,'plateC':null,'setpointC':null}]}");
        Assert.True(TelemetryMessage.TryParse(bytes, 0, bytes.Length, out var m, out var error), error);
        Assert.True(double.IsNaN(m.Samples[0].PlateC));
        Assert.Empty(m.Samples[0].PumpRates);
    }

    [Fact]
    public void Messages_that_do_not_fit_the_writer_report_overflow()
    {
        var small = new JsonWriter(64);
        Assert.Equal(-1, new CommandMessage { Id = "c", Name = CommandNames.Start, Recipe = Recipes.Sample() }.WriteTo(small));
        Assert.True(small.Overflowed);
    }
}
