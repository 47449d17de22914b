using System.Globalization;
using Microsoft.Extensions.Logging;
using Portal.Simulator;
using Portal.Simulator.Ocpp;

SimulatorCommandLine options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(SimulatorCommandLine.Usage);
        return 0;
    }

    options = SimulatorCommandLine.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(SimulatorCommandLine.Usage);
    return 2;
}

var clock = new SimulationClock(TimeProvider.System, options.Start ?? DateTimeOffset.Now, options.Speed);
SiteSimulation simulation;
try
{
    simulation = new SiteSimulation(options.Site, clock);
    foreach (var (address, fault) in options.Faults)
    {
        simulation.Meter(address.Port, address.UnitId).Fault = fault;
    }

    foreach (var address in options.Reversed)
    {
        simulation.Meter(address.Port, address.UnitId).Reversed = true;
    }

    foreach (var (module, input) in options.ActiveRelayInputs)
    {
        simulation.RelayModule(module.Port, module.UnitId)!.SetInput(input, true);
    }
}
catch (Exception error) when (error is ArgumentException or KeyNotFoundException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

using var host = new SiteSimulatorHost(simulation, options.FirstTcpPort);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Site simulator: {simulation.Meters.Count} SDM630 meters, {options.Speed}x speed, {options.Site.Sky.ToString().ToLowerInvariant()} sky, simulated start {clock.SimulatedStart:yyyy-MM-dd HH:mm zzz}, seed {options.Site.Seed}"));
foreach (var server in host.Servers)
{
    Console.WriteLine($"  127.0.0.1:{server.TcpPort} (converter {server.PortIndex})");
    foreach (var meter in simulation.MetersOnPort(server.PortIndex))
    {
        var notes = (meter.Fault == MeterFault.None ? "" : $" [{meter.Fault}]") + (meter.Reversed ? " [reversed CT]" : "");
        Console.WriteLine($"    unit {meter.Address.UnitId,3}: {meter.Role}{notes}");
    }

    foreach (var module in simulation.RelayModules.Where(m => m.Address.Port == server.PortIndex))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    unit {module.Address.UnitId,3}: WP8024 relay module, relays 1-{module.Options.Loads.Count} switch {string.Join(" / ", module.Options.Loads.Select(l => l.Watts))} W"));
    }
}

using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
var runners = options.Chargers
    .Select(c => new OcppChargePointRunner(c, options.Cars.FirstOrDefault(car => car.ChargerId == c.Id), options.Ocpp!, simulation,
        new OcppRunnerOptions { MeterValuesInterval = options.MeterValuesInterval }, logging.CreateLogger("Portal.Simulator.Ocpp." + c.Id)))
    .ToList();
foreach (var runner in runners)
{
    var car = options.Cars.FirstOrDefault(c => c.ChargerId == runner.ChargePoint.Id);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  OCPP charge point {runner.ChargePoint.Id} ({runner.ChargePoint.Phases} phase(s) on {string.Join("", runner.Wiring.PhaseMapping)}) -> {options.Ocpp}; car: {(car is null ? "none" : $"{car.PlugIn:HH:mm}-{car.Leave?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "full"}, {car.EnergyWantedWh / 1000:0.#} kWh")}"));
}

Console.WriteLine("Other unit ids answer exception 0x0B. Ctrl-C stops.");
var running = runners.Select(r => r.RunAsync(stop.Token)).ToList();
try
{
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
        simulation.CatchUp();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  simulated {clock.Now:yyyy-MM-dd HH:mm}"));
    }
}
catch (OperationCanceledException)
{
    // Ctrl-C: the using declarations close every port.
}

await Task.WhenAll(running);
foreach (var runner in runners)
{
    await runner.DisposeAsync();
}

Console.WriteLine("Stopped.");
return 0;
