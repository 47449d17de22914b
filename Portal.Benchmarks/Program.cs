using BenchmarkDotNet.Running;

// dotnet run -c Release --project Portal.Benchmarks -- --filter '*'   (results: README "Performance")
BenchmarkSwitcher.FromAssembly(typeof(Portal.Benchmarks.DocumentBenchmarks).Assembly).Run(args);
