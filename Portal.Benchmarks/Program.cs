using System.Globalization;
using BenchmarkDotNet.Running;
using Portal.Benchmarks;

// dotnet run -c Release --project Portal.Benchmarks -- --filter '*'          BenchmarkDotNet suites
// dotnet run -c Release --project Portal.Benchmarks -- --ingestion [count]  end-to-end ingestion rate
// Results are quoted in the README, section "Performance".
if (args is ["--ingestion", ..])
{
    return await IngestionThroughput.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
}

BenchmarkSwitcher.FromAssembly(typeof(DocumentBenchmarks).Assembly).Run(args);
return 0;
