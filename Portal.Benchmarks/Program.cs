using System.Globalization;
using BenchmarkDotNet.Running;
using Portal.Benchmarks;

// dotnet run -c Release --project Portal.Benchmarks -- --filter '*'          BenchmarkDotNet suites (PDF, meter sheet)
// dotnet run -c Release --project Portal.Benchmarks -- --modbus             Modbus polling throughput
// dotnet run -c Release --project Portal.Benchmarks -- --ingestion [count]  end-to-end ingestion rate
// Results: README "Performance" and docs/benchmarks.md.
if (args.Contains("--modbus"))
{
    return await ModbusPollingBenchmark.RunAsync([.. args.Where(a => a != "--modbus")]);
}

if (args is ["--ingestion", ..])
{
    return await IngestionThroughput.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
}

BenchmarkSwitcher.FromAssembly(typeof(DocumentBenchmarks).Assembly).Run(args);
return 0;
