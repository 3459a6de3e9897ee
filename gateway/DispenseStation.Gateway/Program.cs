using DispenseStation.Gateway.Cli;

// Every invocation goes through the command line: 'serve' runs the service, the rest are tools (Cli/CliApp.cs).
CliConsole.ConfigureForProcess();
return await CliApp.RunAsync(args);
