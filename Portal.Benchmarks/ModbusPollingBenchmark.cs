using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Modbus;
using Portal.Modbus.Meters;
using Portal.Modbus.Native;
using Portal.Simulator;

namespace Portal.Benchmarks;

/// <summary>
/// Issue 3 (a): Modbus TCP polling against the in-process site simulator, 8 converters x 32 SDM630
/// meters on 127.0.0.1, in meters read per second, and its ratio to a bare libmodbus loop.
/// <para>
/// Not a BenchmarkDotNet class on purpose: the quantity is a throughput of 8 free-running bus loops,
/// not the time of one call, and the ratio is only meaningful if both sides see the same simulator
/// and the same machine load. BenchmarkDotNet runs each benchmark in its own process (its own
/// simulator) one after the other; here both run in one process against one simulator, in
/// alternating rounds, so a neighbour's build that slows the shared cores slows both sides of a pair.
/// </para>
/// </summary>
public static class ModbusPollingBenchmark
{
    public const int Converters = 8;
    public const int MetersPerConverter = 32;

    /// <summary>Time each loop runs before its measuring window opens, so every bus is busy when counting starts.</summary>
    private static readonly TimeSpan LeadIn = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rounds = IntOption(args, "--rounds", 8);
        var window = TimeSpan.FromSeconds(IntOption(args, "--seconds", 2));
        var warmUp = TimeSpan.FromSeconds(IntOption(args, "--warmup", 3));

        var simulation = new SiteSimulation(
            new SiteSimulationOptions { Ports = Converters, Meters = Converters * MetersPerConverter, AllowThirtyTwoMetersPerPort = true },
            new SimulationClock(TimeProvider.System, new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.FromHours(1)), speed: 1));
        using var host = new SiteSimulatorHost(simulation);
        using var site = new PolledSite(host);

        Console.WriteLine("Modbus polling benchmark (issue 3 a)");
        Console.WriteLine(Environment());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Site: {Converters} converters x {MetersPerConverter} SDM630 meters on 127.0.0.1 (ports {string.Join(", ", host.Servers.Select(s => s.TcpPort))}); "
            + $"plan per meter: {string.Join(", ", site.Plan)} (FC04)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up {warmUp.TotalSeconds:0} s per loop, then {rounds} rounds of {window.TotalSeconds:0} s per loop, loops alternating, order rotating per round"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average at start: {LoadAverage()}"));

        Loop[] loops =
        [
            new("product: BusPoller + MeterReader, 8 buses in parallel", site.RunPollersAsync),
            new("baseline: bare libmodbus loop, 8 threads", site.RunBareLoopsAsync),
            new("diagnostic: ModbusConnection loop, 8 threads", site.RunConnectionLoopsAsync),
        ];
        foreach (var loop in loops)
        {
            _ = await MeasureAsync(loop, warmUp);
            loop.Failures = 0;
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < loops.Length; i++)
            {
                var loop = loops[(round + i) % loops.Length];
                var (rate, cpuMicros) = await MeasureAsync(loop, window);
                loop.Rates.Add(rate);
                loop.CpuMicrosPerMeter.Add(cpuMicros);
            }
        }

        var ceiling = SimulatorCeiling(simulation, TimeSpan.FromSeconds(1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average at end: {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| loop | meters/s mean | sd | min | max | process CPU us/meter | failed reads |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var loop in loops)
        {
            var s = Stats.Of(loop.Rates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {loop.Name} | {s.Mean:0} | {s.StandardDeviation:0} | {s.Min:0} | {s.Max:0} | {Stats.Of(loop.CpuMicrosPerMeter).Mean:0} | {loop.Failures} |"));
        }

        var ratios = Stats.Of(loops[0].Rates.Zip(loops[1].Rates, (product, bare) => product / bare).ToList());
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ratio product / baseline, per round: mean {ratios.Mean:0.000}, sd {ratios.StandardDeviation:0.000}, min {ratios.Min:0.000}, max {ratios.Max:0.000} ({rounds} rounds)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ratio of the means: {Stats.Of(loops[0].Rates).Mean / Stats.Of(loops[1].Rates).Mean:0.000}; "
            + $"process CPU per meter, product minus baseline: {Stats.Of(loops[0].CpuMicrosPerMeter).Mean - Stats.Of(loops[1].CpuMicrosPerMeter).Mean:0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Simulator alone: {ceiling.CpuMicrosPerRequest:0.0} us CPU per request (one meter's register table, built under the site-wide lock), "
            + $"so {2 * ceiling.CpuMicrosPerRequest:0} us per meter and at most ~{ceiling.MetersPerSecond:0} meters/s for the whole site, whatever the client does"));
        Console.WriteLine("Per-round meters/s:");
        foreach (var loop in loops)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {loop.Name}: {string.Join(" ", loop.Rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));
        }

        var failures = loops.Sum(l => l.Failures);
        if (failures > 0)
        {
            Console.WriteLine($"{failures} meter reads failed: the numbers above are not valid.");
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Runs the loop, counts meters read inside a window that opens once every bus is busy, stops it.
    /// Also the process's CPU time per meter in the window: the simulator's share is the same for every
    /// loop, so differences between loops are the client's own cost, even when the simulator caps the rate.
    /// </summary>
    private static async Task<(double MetersPerSecond, double CpuMicrosPerMeter)> MeasureAsync(Loop loop, TimeSpan window)
    {
        var counter = new ReadCounter();
        using var stop = new CancellationTokenSource();
        var running = loop.Run(counter, stop.Token);
        await Task.Delay(LeadIn);
        var before = counter.Meters;
        var cpuBefore = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(window);
        var after = counter.Meters;
        var cpu = ProcessCpu() - cpuBefore;
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // BusPoller.RunAsync ends by throwing when cancelled between meters.
        }

        loop.Failures += counter.Failures;
        var meters = Math.Max(1, after - before);
        return (meters / elapsed.TotalSeconds, cpu.TotalMicroseconds / meters);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// What one request costs inside the simulator, where a single lock serialises all ports: CPU time,
    /// which other processes on the shared cores disturb less than wall time. Nothing else runs meanwhile.
    /// </summary>
    private static (double CpuMicrosPerRequest, double MetersPerSecond) SimulatorCeiling(SiteSimulation simulation, TimeSpan duration)
    {
        var requests = 0;
        var cpuBefore = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            _ = simulation.InputRegisters(requests % Converters, (byte)(requests % MetersPerConverter + 1));
            requests++;
        }

        var micros = (ProcessCpu() - cpuBefore).TotalMicroseconds / requests;
        return (micros, 1_000_000 / (2 * micros));
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        var index = args.ToList().IndexOf(name);
        if (index < 0)
        {
            return fallback;
        }

        return index + 1 < args.Count && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} takes a positive whole number.");
    }

    private static string Environment()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{RuntimeInformation.OSDescription}, {cpu ?? "unknown CPU"}, {System.Environment.ProcessorCount} logical cores, "
            + $"{RuntimeInformation.FrameworkDescription}, {(Debugger.IsAttached ? "debugger attached, " : "")}"
            + $"{(typeof(ModbusPollingBenchmark).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "DEBUG build" : "Release build")}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed class Loop(string name, Func<ReadCounter, CancellationToken, Task> run)
    {
        public string Name { get; } = name;

        public Func<ReadCounter, CancellationToken, Task> Run { get; } = run;

        public List<double> Rates { get; } = [];

        public List<double> CpuMicrosPerMeter { get; } = [];

        public long Failures { get; set; }
    }

    /// <summary>
    /// The client side of the site: per converter one <see cref="ModbusConnection"/> for the product
    /// path and one raw libmodbus context for the baseline, both connected once and kept open.
    /// </summary>
    private sealed unsafe class PolledSite : IDisposable
    {
        private readonly List<TcpBusConfiguration> _buses = [];
        private readonly List<MeterConfiguration> _meters = [];
        private readonly List<ModbusConnection> _connections = [];
        private readonly List<nint> _contexts = [];
        private readonly BusPoller[] _pollers;
        private readonly CountingSink[] _sinks;

        public PolledSite(SiteSimulatorHost host)
        {
            Plan = [.. new MeterReader(MeterModels.Sdm630).Plan];
            try
            {
                for (var port = 0; port < Converters; port++)
                {
                    var bus = new TcpBusConfiguration($"converter-{port}", "127.0.0.1", host.TcpPortOf(port));
                    _buses.Add(bus);
                    _meters.AddRange(host.Simulation.MetersOnPort(port).Select(m =>
                        new MeterConfiguration($"p{port}-u{m.Address.UnitId}", MeterModels.Sdm630.Model, m.Address.UnitId, bus.Id)));
                    var connection = new ModbusConnection(bus.Endpoint, bus.ResponseTimeout);
                    _connections.Add(connection);
                    connection.Connect();
                    _contexts.Add(ConnectRaw(bus));
                }
            }
            catch
            {
                Dispose();
                throw;
            }

            // Interval zero: every cycle overruns, so each bus polls back to back, as a busy gateway would.
            var polling = new PollingOptions { Interval = TimeSpan.Zero };
            _sinks = [.. _buses.Select(_ => new CountingSink())];
            _pollers = [.. _buses.Select((bus, i) => new BusPoller(
                bus, _meters, new LibModbusTransport(_connections[i]), _sinks[i], polling, TimeProvider.System, NullLogger<BusPoller>.Instance))];
        }

        public RegisterBlock[] Plan { get; }

        /// <summary>The product path: one <see cref="BusPoller.RunAsync"/> per bus on the thread pool, as <see cref="MeterPollingService"/> starts them.</summary>
        public Task RunPollersAsync(ReadCounter counter, CancellationToken cancellationToken)
        {
            foreach (var sink in _sinks)
            {
                sink.Counter = counter;
            }

            return Task.WhenAll(_pollers.Select(poller => Task.Run(() => poller.RunAsync(cancellationToken), CancellationToken.None)));
        }

        /// <summary>The baseline: per bus a thread that sets the unit id and issues the plan's FC04 reads; no decoding, no sink.</summary>
        public Task RunBareLoopsAsync(ReadCounter counter, CancellationToken cancellationToken) =>
            OnThreads(_contexts, (context, unitIds) => BareLoop(context, unitIds, counter, cancellationToken));

        /// <summary>Diagnostic: the product's <see cref="ModbusConnection"/> called synchronously, to split the gap into wrapper and polling.</summary>
        public Task RunConnectionLoopsAsync(ReadCounter counter, CancellationToken cancellationToken) =>
            OnThreads(_connections, (connection, unitIds) => ConnectionLoop(connection, unitIds, counter, cancellationToken));

        public void Dispose()
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            foreach (var context in _contexts)
            {
                LibModbus.modbus_close(context);
                LibModbus.modbus_free(context);
            }

            _connections.Clear();
            _contexts.Clear();
        }

        private Task OnThreads<T>(List<T> perBus, Action<T, byte[]> loop) =>
            Task.WhenAll(perBus.Select((client, i) =>
            {
                var unitIds = _meters.Where(m => m.BusId == _buses[i].Id).Select(m => m.UnitId).ToArray();
                return Task.Factory.StartNew(() => loop(client, unitIds), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }));

        private void BareLoop(nint context, byte[] unitIds, ReadCounter counter, CancellationToken cancellationToken)
        {
            var buffer = new ushort[125];
            fixed (ushort* registers = buffer)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var unitId in unitIds)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            return;
                        }

                        var complete = LibModbus.modbus_set_slave(context, unitId) == 0;
                        foreach (var block in Plan)
                        {
                            complete &= LibModbus.modbus_read_input_registers(context, block.Start, block.Count, registers) == block.Count;
                        }

                        counter.Count(complete);
                    }
                }
            }
        }

        private void ConnectionLoop(ModbusConnection connection, byte[] unitIds, ReadCounter counter, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var unitId in unitIds)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        foreach (var block in Plan)
                        {
                            _ = connection.ReadInputRegisters(unitId, block.Start, block.Count);
                        }

                        counter.Count(true);
                    }
                    catch (ModbusException)
                    {
                        counter.Count(false);
                    }
                }
            }
        }

        private static nint ConnectRaw(BusConfiguration bus)
        {
            var endpoint = (TcpEndpoint)bus.Endpoint;
            var context = LibModbus.modbus_new_tcp(endpoint.Host, endpoint.Port);
            if (context == 0)
            {
                throw new ModbusTransportException($"Cannot create a libmodbus context for {endpoint}.", Marshal.GetLastPInvokeError());
            }

            var seconds = (uint)bus.ResponseTimeout.TotalSeconds;
            _ = LibModbus.modbus_set_response_timeout(context, seconds, (uint)(bus.ResponseTimeout - TimeSpan.FromSeconds(seconds)).TotalMicroseconds);
            if (LibModbus.modbus_connect(context) == -1)
            {
                var error = Marshal.GetLastPInvokeError();
                LibModbus.modbus_free(context);
                throw new ModbusTransportException($"Cannot connect to {endpoint}: {LibModbus.Describe(error)}.", error);
            }

            return context;
        }
    }

    private readonly record struct Stats(double Mean, double StandardDeviation, double Min, double Max)
    {
        /// <summary>Sample standard deviation (n - 1): the rounds are a sample of what the machine gives.</summary>
        public static Stats Of(List<double> values)
        {
            var mean = values.Average();
            var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
            return new Stats(mean, Math.Sqrt(variance), values.Min(), values.Max());
        }
    }

    private sealed class ReadCounter
    {
        private long _meters;
        private long _failures;

        public long Meters => Interlocked.Read(ref _meters);

        public long Failures => Interlocked.Read(ref _failures);

        public void Count(bool complete)
        {
            if (complete)
            {
                Interlocked.Increment(ref _meters);
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    /// <summary>Counts what the poller delivers; does nothing else, so the product path is measured up to its sink.</summary>
    private sealed class CountingSink : IReadingSink
    {
        public ReadCounter Counter { get; set; } = new();

        public Task OnReadingAsync(MeterReading reading, CancellationToken cancellationToken)
        {
            Counter.Count(true);
            return Task.CompletedTask;
        }

        public Task OnMeterHealthAsync(MeterHealth health, CancellationToken cancellationToken)
        {
            if (health.Status != MeterHealthStatus.Recovered)
            {
                Counter.Count(false);
            }

            return Task.CompletedTask;
        }
    }
}
