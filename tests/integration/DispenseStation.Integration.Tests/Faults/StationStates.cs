using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>Brings a fault rig's station into the state a row strikes in, only through MQTT commands and the plant.</summary>
internal static class StationStates
{
    public const int ResinChannel = 0;
    public const double ResinGrams = 40;
    public const double BakeC = 100;
    public const int SolventChannel = 1;
    public const double SolventGrams = 10;

    public static ControlRecipe DoseRecipe(string batch = "FT-DOSE") => new()
    {
        BatchId = batch,
        RecipeName = "fault table dose",
        MaxBottleGrams = 250,
        Steps =
        [
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin", Channel = ResinChannel, TargetGrams = ResinGrams, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Prompt, Name = "check", PromptText = "Check the bottle, then confirm." },
        ],
    };

    /// <summary>The dose recipe with a second dose after its prompt: a fault that strikes between doses shows in the next one.</summary>
    public static ControlRecipe TwoDoseRecipe(string batch = "FT-TWO")
    {
        var recipe = DoseRecipe(batch);
        recipe.Steps = [.. recipe.Steps, new RecipeStep { Kind = StepKinds.Dose, Name = "solvent", Channel = SolventChannel, TargetGrams = SolventGrams, ToleranceGrams = 0.05, TimeoutS = 300 }];
        return recipe;
    }

    public static ControlRecipe BakeRecipe(string batch = "FT-BAKE") => new()
    {
        BatchId = batch,
        RecipeName = "fault table bake",
        MaxBottleGrams = 250,
        Steps =
        [
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Bake, Name = "hold", Bake = [new BakeSegment(BakeC, 0, 1800, 0.5)] },
        ],
    };

    public static Task Idle(FaultRig rig) => Task.CompletedTask;

    public static async Task Dosing(FaultRig rig)
    {
        await Start(rig, DoseRecipe());
        await rig.RunUntilAsync(() => rig.Sim.Dosing.IsDosing && rig.Sim.DosingRig.BottleContentsGrams > 10, 120, "resin dose under way");
    }

    /// <summary>The resin dose under way in the first batch after a reboot; the batch before the reboot dosed resin too.</summary>
    public static async Task DosingAfterReboot(FaultRig rig)
    {
        await Complete(rig);
        Require(await rig.CommandAsync(CommandNames.Reset));
        await rig.PowerCutAsync(FaultRig.PowerCutS);
        double before = rig.Sim.DosingRig.BottleContentsGrams;
        await Start(rig, DoseRecipe("FT-AFTER"));
        await rig.RunUntilAsync(() => rig.Sim.Dosing.IsDosing && rig.Sim.DosingRig.BottleContentsGrams > before + 10, 120, "resin dose under way after the reboot");
    }

    public static async Task Baking(FaultRig rig)
    {
        await Start(rig, BakeRecipe());
        await rig.RunUntilAsync(() => rig.Sim.Station.StepIndex == 1 && rig.Sim.HotplateRig.Plant.PlateC > BakeC - 0.5, 900, "plate at the bake setpoint");
        await rig.RunForAsync(20); // holding
    }

    public static Task Prompt(FaultRig rig) => StartToPrompt(rig, DoseRecipe());

    public static Task PromptBetweenDoses(FaultRig rig) => StartToPrompt(rig, TwoDoseRecipe());

    private static async Task StartToPrompt(FaultRig rig, ControlRecipe recipe)
    {
        await Start(rig, recipe);
        await rig.RunUntilAsync(() => rig.Probe.Events().Any(e => e.Kind == EventKinds.Prompt), 300, "the prompt");
    }

    /// <summary>Confirms the prompt the station shows (the technician carries on).</summary>
    public static async Task ConfirmPrompt(FaultRig rig)
    {
        var prompt = rig.Probe.Events().Last(e => e.Kind == EventKinds.Prompt);
        Require(await rig.CommandAsync(CommandNames.Confirm, stepIndex: prompt.StepIndex));
    }

    public static async Task Held(FaultRig rig)
    {
        await Dosing(rig);
        Require(await rig.CommandAsync(CommandNames.Hold));
        await rig.RunUntilAsync(() => rig.Sim.Station.State == PackMlState.Held, 10, "Held");
    }

    public static async Task Suspended(FaultRig rig)
    {
        await Dosing(rig);
        Require(await rig.CommandAsync(CommandNames.Suspend));
        await rig.RunUntilAsync(() => rig.Sim.Station.State == PackMlState.Suspended, 10, "Suspended");
    }

    public static async Task Complete(FaultRig rig)
    {
        await Prompt(rig);
        await ConfirmPrompt(rig);
        await rig.RunUntilAsync(() => rig.Sim.Station.State == PackMlState.Complete, 60, "Complete");
    }

    public static async Task Stopped(FaultRig rig)
    {
        await Dosing(rig);
        Require(await rig.CommandAsync(CommandNames.Stop));
        await rig.RunUntilAsync(() => rig.Sim.Station.State == PackMlState.Stopped, 10, "Stopped");
    }

    public static async Task Aborted(FaultRig rig)
    {
        await Dosing(rig);
        Require(await rig.CommandAsync(CommandNames.Abort));
        await rig.RunUntilAsync(() => rig.Sim.Station.State == PackMlState.Aborted, 10, "Aborted");
    }

    private static async Task Start(FaultRig rig, ControlRecipe recipe) => Require(await rig.CommandAsync(CommandNames.Start, recipe));

    private static void Require(CommandResultMessage result)
    {
        if (!result.Accepted) throw new InvalidOperationException("command " + result.Id + " refused: " + result.Reason);
    }
}
