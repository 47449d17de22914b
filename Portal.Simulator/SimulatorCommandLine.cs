using System.Globalization;
using Portal.Contracts.Control;
using Portal.Simulator.Ocpp;

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

    /// <summary>The edge's central system the charge points connect to (they append /&lt;id&gt;); null = no charge points.</summary>
    public Uri? Ocpp { get; init; }

    public IReadOnlyList<SimulatedChargerOptions> Chargers { get; init; } = [];

    /// <summary>At most one car per charger.</summary>
    public IReadOnlyList<CarSchedule> Cars { get; init; } = [];

    /// <summary>MeterValues from every charge point this often, in simulated time.</summary>
    public TimeSpan MeterValuesInterval { get; init; } = TimeSpan.FromSeconds(60);

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
          --relay-load LIST  what relays 1-4 of each module switch on, W over L1-L3, comma-separated (default 2000);
                          the last value repeats (2000 = all four 2 kW; 3000,1500,500 = the fourth 500 W too); it adds to the grid meter
          --sky S         clear or cloudy (default clear): on a cloudy day passing clouds cut the PV to 10-40 % for minutes
          --relay-input p:u:i  relay module input i (0-7, 0 = DI_01) active from the start (repeatable)
          --ocpp URL      the edge's OCPP 1.6J central system, e.g. ws://127.0.0.1:8887/ocpp (charge points append /<id>)
          --chargers LIST OCPP charge points id:phases:mapping:carA, comma-separated, e.g. cp-1:3:L1L2L3:16,cp-2:1:L2:16
                          (mapping: the site phase of each charger phase; carA: what the car draws at most per phase)
          --cars LIST     car visits id@HH:mm[-HH:mm][:NkWh] in site time, e.g. cp-1@17:30-07:00:30kWh,cp-2@08:00:10kWh
                          (plugs in, takes N kWh, leaves at the second time or, without one, once full)
          --meter-values S  MeterValues every S simulated seconds (default 60)
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
        double[] relayLoads = [DefaultRelayLoadWatts];
        var relayInputs = new List<(SimulatedMeterAddress, int)>();
        Uri? ocpp = null;
        var chargers = new List<SimulatedChargerOptions>();
        var cars = new List<CarSchedule>();
        var meterValues = TimeSpan.FromSeconds(60);
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
                case "--relay-load": relayLoads = RelayLoads(option, Value()); break;
                case "--sky": site = site with { Sky = SkyOf(Value()) }; break;
                case "--relay-input": relayInputs.Add(RelayInput(Value())); break;
                case "--ocpp": ocpp = OcppEndpoint(Value()); break;
                case "--chargers": chargers.AddRange(List(Value()).Select(Charger)); break;
                case "--cars": cars.AddRange(List(Value()).Select(Car)); break;
                case "--meter-values": meterValues = TimeSpan.FromSeconds(Real()); break;
                default: throw new ArgumentException($"Unknown option {option}.");
            }
        }

        if (firstPort is < 1 or > 65535 - 64)
        {
            throw new ArgumentException("--port must leave room for one port per converter below 65536.");
        }

        SimulatedRelayLoad[] loads = [.. Enumerable.Range(0, 4).Select(r => new SimulatedRelayLoad(relayLoads[Math.Min(r, relayLoads.Length - 1)], [Phase.L1, Phase.L2, Phase.L3]))];
        site = site with { RelayModules = [.. relayModules.Select(a => new SimulatedRelayModuleOptions(a.Port, a.UnitId, loads))] };
        var strays = relayInputs.Select(i => i.Item1).Where(m => !relayModules.Contains(m)).ToList();
        if (strays.Count > 0)
        {
            throw new ArgumentException($"--relay-input names p{strays[0].Port}-u{strays[0].UnitId}, which is not in --relay-modules.");
        }

        CheckChargePoints(ocpp, chargers, cars);
        return new SimulatorCommandLine(firstPort, site, speed, start, faults, reversed)
        {
            ActiveRelayInputs = relayInputs, Ocpp = ocpp, Chargers = chargers, Cars = cars, MeterValuesInterval = meterValues,
        };
    }

    private static double[] RelayLoads(string option, string text)
    {
        var values = List(text);
        if (values.Length is 0 or > 4)
        {
            throw new ArgumentException($"{option} takes one to four powers in W (relays 1-4), e.g. 2000 or 3000,1500,500,500.");
        }

        return [.. values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var watts) && watts > 0
            ? watts
            : throw new ArgumentException($"{option} '{text}': every power must be a positive number of W."))];
    }

    private static Sky SkyOf(string text) => text.ToLowerInvariant() switch
    {
        "clear" => Sky.Clear,
        "cloudy" => Sky.Cloudy,
        _ => throw new ArgumentException($"--sky '{text}' is not clear or cloudy."),
    };

    private static string[] List(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static void CheckChargePoints(Uri? ocpp, List<SimulatedChargerOptions> chargers, List<CarSchedule> cars)
    {
        if ((ocpp is null) != (chargers.Count == 0))
        {
            throw new ArgumentException(ocpp is null ? "--chargers needs --ocpp, the central system they connect to." : "--ocpp needs --chargers to connect.");
        }

        var twice = chargers.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException($"--chargers names {twice.Key} twice.");
        }

        foreach (var car in cars)
        {
            if (!chargers.Any(c => c.Id == car.ChargerId))
            {
                throw new ArgumentException($"--cars names {car.ChargerId}, which is not in --chargers.");
            }
        }

        var crowded = cars.GroupBy(c => c.ChargerId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (crowded is not null)
        {
            throw new ArgumentException($"--cars gives {crowded.Key} more than one car; one car per charger.");
        }
    }

    private static Uri OcppEndpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"
            ? uri
            : throw new ArgumentException($"--ocpp '{text}' is not a ws:// or wss:// address, e.g. ws://127.0.0.1:8887/ocpp.");

    /// <summary>id:phases:mapping:carA, e.g. cp-2:1:L2:16 (charger phase 1 on the site's L2, a 16 A car).</summary>
    private static SimulatedChargerOptions Charger(string text)
    {
        var parts = text.Split(':');
        const string Example = "id:phases:mapping:carA, e.g. cp-1:3:L1L2L3:16 or cp-2:1:L2:16";
        if (parts.Length != 4 || parts[0].Length == 0 || parts[0].Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"--chargers '{text}' is not {Example}.");
        }

        if (!int.TryParse(parts[1], CultureInfo.InvariantCulture, out var phases) || phases is not (1 or 3))
        {
            throw new ArgumentException($"--chargers '{text}': phases must be 1 or 3.");
        }

        var mapping = new List<Phase>();
        var letters = parts[2].ToUpperInvariant();
        for (var i = 0; i < letters.Length; i += 2)
        {
            mapping.Add(i + 1 < letters.Length && letters[i] == 'L' && letters[i + 1] is >= '1' and <= '3'
                ? (Phase)(letters[i + 1] - '1')
                : throw new ArgumentException($"--chargers '{text}': the mapping lists site phases, e.g. L1L2L3 or L2."));
        }

        if (mapping.Count != phases || mapping.Distinct().Count() != phases)
        {
            throw new ArgumentException($"--chargers '{text}': {phases} phase(s) need {phases} different site phase(s) in the mapping.");
        }

        if (!double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var carAmps) || carAmps is < 6 or > 80)
        {
            throw new ArgumentException($"--chargers '{text}': the car's current must be 6-80 A.");
        }

        return new SimulatedChargerOptions(parts[0], phases, mapping, carAmps);
    }

    /// <summary>id@HH:mm[-HH:mm][:NkWh], e.g. cp-1@17:30-07:00:30kWh.</summary>
    private static CarSchedule Car(string text)
    {
        const string Example = "id@HH:mm[-HH:mm][:NkWh], e.g. cp-1@17:30-07:00:30kWh";
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new ArgumentException($"--cars '{text}' is not {Example}.");
        }

        var rest = text[(at + 1)..];
        double? wantedWh = null;
        if (rest.EndsWith("kWh", StringComparison.OrdinalIgnoreCase))
        {
            var cut = rest.LastIndexOf(':');
            wantedWh = cut > 0 && double.TryParse(rest[(cut + 1)..^3], NumberStyles.Float, CultureInfo.InvariantCulture, out var kwh) && kwh > 0
                ? kwh * 1000
                : throw new ArgumentException($"--cars '{text}': the energy must be a positive number of kWh, e.g. 30kWh.");
            rest = rest[..cut];
        }

        var times = rest.Split('-');
        if (times.Length > 2 || !TryTime(times[0], out var plugIn))
        {
            throw new ArgumentException($"--cars '{text}' is not {Example}.");
        }

        TimeOnly? leave = null;
        if (times.Length == 2)
        {
            leave = TryTime(times[1], out var l) && l != plugIn ? l : throw new ArgumentException($"--cars '{text}': the leave time must be HH:mm, other than the arrival.");
        }

        return new CarSchedule(text[..at], plugIn, leave, wantedWh);
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

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
