using System.CommandLine;
using DispenseStation.Gateway.Orchestration;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>recipes: the example recipe ids validate, plan and batch run accept, with each recipe's claim set.</summary>
public static class RecipesCommand
{
    public static Command Create()
    {
        var cmd = new Command("recipes", "List the example recipes shipped with the gateway (their ids work wherever a RECIPE is asked for).");
        cmd.SetAction(r => OfflineCommands.Run(() =>
        {
            var library = new RecipeLibrary(new LibraryOptions());
            var table = new Table().AddColumns("id", "claim set");
            foreach (var e in library.Recipes()) table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.ClaimSet));
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }
}
