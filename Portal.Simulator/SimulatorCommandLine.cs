using System.Globalization;

namespace Portal.Simulator;

/// <summary>Arguments of the simulator executable; parsing is separate from running so it can be tested.</summary>
public sealed record SimulatorCommandLine(
    int FirstTcpPort,
    SiteSimulationOptions Site,
    double Speed,
    DateTimeOffset? Start,
    IReadOnlyList<(SimulatedMeterAddress Address, MeterFault Fault)> Faults,
    IReadOnlyList<SimulatedMeterAddress> Reversed)
{
    /// <summary>What a simulated relay switches unless told otherwise: a 2 kW three-phase heater step.</summary>
    public const double DefaultRelayLoadWatts = 2000;

    /// <summary>Inputs to switch on at start, per relay module address (0 = DI_01).</summary>
    public IReadOnlyList<(SimulatedMeterAddress Module, int Input)> ActiveRelayInputs { get; init; } = [];

    public const string Usage = """
        Portal.Simulator: Modbus TCP site simulator on 127.0.0.1 (SDM630 meters behind RS-485-Ethernet converters)

          --port N        first TCP port (default 1502); converter p listens on N+p
          --ports N       converters / RS-485 segments (default 3)
          --meters N      meters on the whole site, spread over the ports (default 32)
          --speed X       simulated seconds per real second (default 1: real time)
          --start ISO     simulated start, e.g. 2026-06-21T06:00+01:00 (default: now)
          --seed N        profile seed (default 1)
          --pv-kw X       PV peak power in kW (default 30)
          --dead p:u      meter at port p, unit u never answers (repeatable)
          --failing p:u   meter answers exception 0x04 (repeatable)
          --garbled p:u   meter answers a malformed frame (repeatable)
          --reversed p:u  meter's CT is mounted backwards (repeatable)
          --relay-modules LIST  WP8024 relay modules by unit id, u or p:u, comma-separated (e.g. 10,11 or 0:10,1:10)
          --relay-load W  what each relay switches on, in W over L1-L3 (default 2000); it adds to the grid meter
          --relay-input p:u:i  relay module input i (0-7, 0 = DI_01) active from the start (repeatable)
        """;

    public static SimulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var firstPort = 1502;
        var site = new SiteSimulationOptions { Ports = 3, Meters = 32 };
        var speed = 1.0;
        DateTimeOffset? start = null;
        var faults = new List<(SimulatedMeterAddress, MeterFault)>();
        var reversed = new List<SimulatedMeterAddress>();
        var relayModules = new List<SimulatedMeterAddress>();
        var relayLoad = DefaultRelayLoadWatts;
        var relayInputs = new List<(SimulatedMeterAddress, int)>();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{option} takes a whole number.");
            double Real() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{option} takes a positive number.");
            switch (option)
            {
                case "--port": firstPort = Int(); break;
                case "--ports": site = site with { Ports = Int() }; break;
                case "--meters": site = site with { Meters = Int() }; break;
                case "--seed": site = site with { Seed = Int() }; break;
                case "--pv-kw": site = site with { PvPeakWatts = Real() * 1000 }; break;
                case "--speed": speed = Real(); break;
                case "--start":
                    start = DateTimeOffset.TryParse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
                        ? s : throw new ArgumentException("--start takes an ISO 8601 date and time.");
                    break;
                case "--dead": faults.Add((Address(Value()), MeterFault.Dead)); break;
                case "--failing": faults.Add((Address(Value()), MeterFault.ExceptionReply)); break;
                case "--garbled": faults.Add((Address(Value()), MeterFault.Garbled)); break;
                case "--reversed": reversed.Add(Address(Value())); break;
                case "--relay-modules": relayModules.AddRange(Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(RelayAddress)); break;
                case "--relay-load": relayLoad = Real(); break;
                case "--relay-input": relayInputs.Add(RelayInput(Value())); break;
                default: throw new ArgumentException($"Unknown option {option}.");
            }
        }

        if (firstPort is < 1 or > 65535 - 64)
        {
            throw new ArgumentException("--port must leave room for one port per converter below 65536.");
        }

        SimulatedRelayLoad[] loads = [.. Enumerable.Repeat(new SimulatedRelayLoad(relayLoad, [Contracts.Control.Phase.L1, Contracts.Control.Phase.L2, Contracts.Control.Phase.L3]), 4)];
        site = site with { RelayModules = [.. relayModules.Select(a => new SimulatedRelayModuleOptions(a.Port, a.UnitId, loads))] };
        var strays = relayInputs.Select(i => i.Item1).Where(m => !relayModules.Contains(m)).ToList();
        if (strays.Count > 0)
        {
            throw new ArgumentException($"--relay-input names p{strays[0].Port}-u{strays[0].UnitId}, which is not in --relay-modules.");
        }

        return new SimulatorCommandLine(firstPort, site, speed, start, faults, reversed) { ActiveRelayInputs = relayInputs };
    }

    private static SimulatedMeterAddress RelayAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) ? Address(text)
        : byte.TryParse(text, CultureInfo.InvariantCulture, out var unit) ? new SimulatedMeterAddress(0, unit)
        : throw new ArgumentException($"'{text}' is not a unit id or port:unit, e.g. 10 or 1:10.");

    private static (SimulatedMeterAddress, int) RelayInput(string text)
    {
        var cut = text.LastIndexOf(':');
        return cut > 0 && int.TryParse(text[(cut + 1)..], CultureInfo.InvariantCulture, out var input) && input is >= 0 and <= 7
            ? (Address(text[..cut]), input)
            : throw new ArgumentException($"'{text}' is not port:unit:input with input 0-7, e.g. 0:10:0.");
    }

    private static SimulatedMeterAddress Address(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var port)
            && byte.TryParse(parts[1], CultureInfo.InvariantCulture, out var unit)
            ? new SimulatedMeterAddress(port, unit)
            : throw new ArgumentException($"'{text}' is not port:unit, e.g. 0:3.");
    }
}
