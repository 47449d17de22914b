using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Modbus;

namespace Portal.Edge.Configuration;

/// <summary>The edge's polling configuration built from the portal's, or every reason it cannot be.</summary>
public sealed record PollingConfigMapping(EdgeConfiguration? Configuration, IReadOnlyList<string> Errors)
{
    public bool IsUsable => Configuration is not null && Errors.Count == 0;
}

/// <summary>
/// Turns the wire shape (<see cref="PollingConfig"/>, as the portal publishes it) into the records the pollers
/// run on, then applies <see cref="EdgeConfiguration.Validate"/>. Pure, so every rejection reason is unit-tested;
/// the reasons are shown to the installer in the portal, so each names the bus or meter at fault.
/// </summary>
public static class PollingConfigMapper
{
    public const int MinIntervalSeconds = 1;
    public const int MaxIntervalSeconds = 900;

    /// <summary>Polling on the edge always wakes at quarter-hour boundaries: interval energy depends on it.</summary>
    public static readonly TimeSpan Alignment = QuarterHour.Length;

    /// <param name="control">The control part of the same config, for the relay modules on these buses.</param>
    public static PollingConfigMapping Map(PollingConfig polling, ControlConfig? control = null)
    {
        ArgumentNullException.ThrowIfNull(polling);
        var errors = new List<string>();
        var buses = new List<BusConfiguration>();
        foreach (var bus in polling.Buses ?? [])
        {
            if (MapBus(bus, errors) is { } mapped)
            {
                buses.Add(mapped);
            }
        }

        var meters = new List<MeterConfiguration>();
        foreach (var meter in polling.Meters ?? [])
        {
            if (meter.UnitId is < byte.MinValue or > byte.MaxValue)
            {
                errors.Add($"Meter '{meter.Id}': unit id {meter.UnitId} is outside 1-247.");
                continue;
            }

            meters.Add(new MeterConfiguration(meter.Id, meter.Model, (byte)meter.UnitId, meter.BusId));
        }

        var relayModules = new List<RelayModuleConfiguration>();
        foreach (var module in control?.RelayModules ?? [])
        {
            if (module.UnitId is < 1 or > 247)
            {
                errors.Add($"Relay module '{module.Id}': unit id {module.UnitId} is outside 1-247.");
                continue;
            }

            relayModules.Add(new RelayModuleConfiguration(module.Id, module.Model, (byte)module.UnitId, module.BusId));
        }

        if (polling.IntervalSeconds is < MinIntervalSeconds or > MaxIntervalSeconds)
        {
            errors.Add($"Polling interval {polling.IntervalSeconds} s is outside {MinIntervalSeconds}-{MaxIntervalSeconds} s.");
        }

        var configuration = new EdgeConfiguration(buses, meters, new PollingOptions
        {
            Interval = TimeSpan.FromSeconds(Math.Clamp(polling.IntervalSeconds, MinIntervalSeconds, MaxIntervalSeconds)),
            AlignCyclesTo = Alignment,
        })
        {
            RelayModules = relayModules,
        };
        errors.AddRange(configuration.Validate());
        return new PollingConfigMapping(errors.Count == 0 ? configuration : null, errors);
    }

    private static BusConfiguration? MapBus(BusConfig bus, List<string> errors)
    {
        var timeout = TimeSpan.FromMilliseconds(bus.ResponseTimeoutMs);
        switch (bus.Kind)
        {
            case BusKind.Tcp:
                if (string.IsNullOrWhiteSpace(bus.Host))
                {
                    errors.Add($"Bus '{bus.Id}': a TCP bus needs the converter's host.");
                    return null;
                }

                if (ConverterHost.Canonical(bus.Host) is not { } host)
                {
                    errors.Add($"Bus '{bus.Id}': '{bus.Host}' is neither an IP address nor a host name.");
                    return null;
                }

                if (bus.Port is < 1 or > 65535)
                {
                    errors.Add($"Bus '{bus.Id}': port {bus.Port} is not a TCP port.");
                    return null;
                }

                return new TcpBusConfiguration(bus.Id, host, bus.Port ?? 502) { ResponseTimeout = timeout };

            case BusKind.Rtu:
                var parity = ParseParity(bus.Parity);
                var problems = new List<string>();
                if (string.IsNullOrWhiteSpace(bus.Device))
                {
                    problems.Add($"Bus '{bus.Id}': an RTU bus needs the serial device (e.g. /dev/ttyUSB0).");
                }

                if (parity is null)
                {
                    problems.Add($"Bus '{bus.Id}': parity '{bus.Parity}' is not one of none, even, odd.");
                }

                if (bus.Baud is not (1200 or 2400 or 4800 or 9600 or 19200 or 38400 or 57600 or 115200))
                {
                    problems.Add($"Bus '{bus.Id}': baud rate {bus.Baud} is not a standard rate (2400-115200).");
                }

                if (bus.StopBits is not (1 or 2))
                {
                    problems.Add($"Bus '{bus.Id}': stop bits must be 1 or 2, not {bus.StopBits}.");
                }

                errors.AddRange(problems);
                return problems.Count > 0
                    ? null
                    : new RtuBusConfiguration(bus.Id, bus.Device!, bus.Baud, parity!.Value, 8, bus.StopBits, bus.Rs485) { ResponseTimeout = timeout };

            default:
                errors.Add($"Bus '{bus.Id}': kind '{bus.Kind}' is not tcp or rtu.");
                return null;
        }
    }

    private static SerialParity? ParseParity(string? parity) => parity?.Trim().ToLowerInvariant() switch
    {
        "none" or "n" => SerialParity.None,
        "even" or "e" => SerialParity.Even,
        "odd" or "o" => SerialParity.Odd,
        _ => null,
    };
}
