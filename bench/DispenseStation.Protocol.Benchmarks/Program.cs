using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/DispenseStation.Protocol.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
