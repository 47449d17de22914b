using System.Globalization;
using BenchmarkDotNet.Running;
using Portal.Benchmarks;

// dotnet run -c Release --project Portal.Benchmarks -- --filter '*'          BenchmarkDotNet suites (PDF, meter sheet)
// dotnet run -c Release --project Portal.Benchmarks -- --modbus             Modbus polling throughput
// dotnet run -c Release --project Portal.Benchmarks -- --ingestion [count]  end-to-end ingestion rate
// dotnet run -c Release --project Portal.Benchmarks -- --energy [meters] [days]  energy balances and dashboard reads, a year of data
// dotnet run -c Release --project Portal.Benchmarks -- --billing [points]    a quarter's billing run: drafts, approval, issue with PDFs
// dotnet run -c Release --project Portal.Benchmarks -- --control [cycles]    one edge control cycle, 200 relays + 50 chargers; overload reaction
// Results: README "Performance" and docs/benchmarks.md.
if (args.Contains("--modbus"))
{
    return await ModbusPollingBenchmark.RunAsync([.. args.Where(a => a != "--modbus")]);
}

if (args is ["--ingestion", ..])
{
    return await IngestionThroughput.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000);
}

if (args is ["--billing", ..])
{
    return await BillingBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
}

if (args is ["--energy", ..])
{
    return await EnergyBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : null);
}

if (args is ["--control", ..])
{
    return ControlBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000);
}

BenchmarkSwitcher.FromAssembly(typeof(DocumentBenchmarks).Assembly).Run(args);
return 0;
