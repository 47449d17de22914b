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
                default: throw new ArgumentException($"Unknown option {option}.");
            }
        }

        if (firstPort is < 1 or > 65535 - 64)
        {
            throw new ArgumentException("--port must leave room for one port per converter below 65536.");
        }

        return new SimulatorCommandLine(firstPort, site, speed, start, faults, reversed);
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
