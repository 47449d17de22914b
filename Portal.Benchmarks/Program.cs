using BenchmarkDotNet.Running;
using Portal.Benchmarks;

// dotnet run -c Release --project Portal.Benchmarks -- --filter '*'   (BenchmarkDotNet benchmarks)
// dotnet run -c Release --project Portal.Benchmarks -- --modbus      (Modbus polling throughput)
// Results: docs/benchmarks.md "Performance".
if (args.Contains("--modbus"))
{
    return await ModbusPollingBenchmark.RunAsync([.. args.Where(a => a != "--modbus")]);
}

BenchmarkSwitcher.FromAssembly(typeof(DocumentBenchmarks).Assembly).Run(args);
return 0;
