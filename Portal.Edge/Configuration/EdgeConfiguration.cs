using System.Text.Json.Serialization;
using Portal.Modbus;
using Portal.Modbus.Meters;
using Portal.Modbus.Relays;

namespace Portal.Edge.Configuration;

/// <summary>Everything the gateway polls. Plain records: they will arrive over MQTT later.</summary>
public sealed record EdgeConfiguration(
    IReadOnlyList<BusConfiguration> Buses,
    IReadOnlyList<MeterConfiguration> Meters,
    PollingOptions Polling)
{
    /// <summary>Relay modules on the same buses as the meters; their writes go first on each bus (PROTOCOLS.md 2).</summary>
    public IReadOnlyList<RelayModuleConfiguration> RelayModules { get; init; } = [];

    /// <summary>Every problem at once, phrased for the installer who has to fix it; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var duplicate in Buses.GroupBy(b => b.Id).Where(g => g.Count() > 1))
        {
            errors.Add($"Bus id '{duplicate.Key}' is used {duplicate.Count()} times.");
        }

        foreach (var duplicate in Meters.GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            errors.Add($"Meter id '{duplicate.Key}' is used {duplicate.Count()} times.");
        }

        foreach (var bus in Buses)
        {
            if (bus.ResponseTimeout <= TimeSpan.Zero || bus.ResponseTimeout > TimeSpan.FromSeconds(10))
            {
                errors.Add($"Bus '{bus.Id}': response timeout must be between 1 ms and 10 s (SDM630 answers within about 0.3 s).");
            }
        }

        var busIds = Buses.Select(b => b.Id).ToHashSet();
        foreach (var meter in Meters)
        {
            if (!busIds.Contains(meter.BusId))
            {
                errors.Add($"Meter '{meter.Id}' is on bus '{meter.BusId}', which is not configured.");
            }

            if (MeterModels.Find(meter.Model) is null)
            {
                errors.Add($"Meter '{meter.Id}': model '{meter.Model}' is unknown; known models: {string.Join(", ", MeterModels.All.Select(m => m.Model))}.");
            }

            if (meter.UnitId is < 1 or > 247)
            {
                errors.Add($"Meter '{meter.Id}': unit id {meter.UnitId} is outside 1-247.");
            }
        }

        foreach (var clash in Meters.GroupBy(m => (m.BusId, m.UnitId)).Where(g => g.Count() > 1))
        {
            errors.Add($"Meters {string.Join(", ", clash.Select(m => $"'{m.Id}'"))} share unit id {clash.Key.UnitId} on bus '{clash.Key.BusId}'.");
        }

        ValidateRelayModules(errors, busIds);

        if (Polling.Interval < TimeSpan.FromMilliseconds(10))
        {
            errors.Add("Polling interval must be at least 10 ms.");
        }

        if (Polling.Retries is < 0 or > 5)
        {
            errors.Add("Retries must be between 0 and 5.");
        }

        if (Polling.BackoffInitial <= TimeSpan.Zero || Polling.BackoffMax < Polling.BackoffInitial)
        {
            errors.Add("Back-off needs 0 < initial <= maximum.");
        }

        return errors;
    }

    private void ValidateRelayModules(List<string> errors, HashSet<string> busIds)
    {
        foreach (var duplicate in RelayModules.GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            errors.Add($"Relay module id '{duplicate.Key}' is used {duplicate.Count()} times.");
        }

        foreach (var module in RelayModules)
        {
            if (!busIds.Contains(module.BusId))
            {
                errors.Add($"Relay module '{module.Id}' is on bus '{module.BusId}', which is not configured.");
            }

            if (!Wp8024Client.IsModel(module.Model))
            {
                errors.Add($"Relay module '{module.Id}': model '{module.Model}' is unknown; known models: {Wp8024Client.Model} (WP8024ADAM).");
            }

            if (module.UnitId is < 1 or > 247)
            {
                errors.Add($"Relay module '{module.Id}': unit id {module.UnitId} is outside 1-247.");
            }

            if (Meters.FirstOrDefault(m => m.BusId == module.BusId && m.UnitId == module.UnitId) is { } meter)
            {
                errors.Add($"Relay module '{module.Id}' and meter '{meter.Id}' share unit id {module.UnitId} on bus '{module.BusId}'.");
            }
        }

        foreach (var clash in RelayModules.GroupBy(m => (m.BusId, m.UnitId)).Where(g => g.Count() > 1))
        {
            errors.Add($"Relay modules {string.Join(", ", clash.Select(m => $"'{m.Id}'"))} share unit id {clash.Key.UnitId} on bus '{clash.Key.BusId}'.");
        }
    }
}

/// <summary>One RS-485 segment, reached through a TCP converter or a local serial port.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TcpBusConfiguration), "tcp")]
[JsonDerivedType(typeof(RtuBusConfiguration), "rtu")]
public abstract record BusConfiguration(string Id)
{
    /// <summary>How long one request may wait for its answer; libmodbus's default is 0.5 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public abstract ModbusEndpoint Endpoint { get; }
}

/// <summary>An RS-485-Ethernet converter speaking Modbus TCP (unit id = meter address).</summary>
public sealed record TcpBusConfiguration(string Id, string Host, int Port = 502) : BusConfiguration(Id)
{
    public override ModbusEndpoint Endpoint => new TcpEndpoint(Host, Port);
}

/// <summary>A serial RS-485 adapter on the gateway. Eastron default: 9600 8N1.</summary>
public sealed record RtuBusConfiguration(
    string Id,
    string Device,
    int Baud = 9600,
    SerialParity Parity = SerialParity.None,
    int DataBits = 8,
    int StopBits = 1,
    bool Rs485 = false) : BusConfiguration(Id)
{
    public override ModbusEndpoint Endpoint => new RtuEndpoint(Device, Baud, Parity, DataBits, StopBits, Rs485);
}

/// <summary>A meter: its model picks the register map (<see cref="MeterModels"/>).</summary>
public sealed record MeterConfiguration(string Id, string Model, byte UnitId, string BusId);

/// <summary>A relay module (WP8024: 4 relays, 8 inputs) at a unit id of a meter bus.</summary>
public sealed record RelayModuleConfiguration(string Id, string Model, byte UnitId, string BusId);

/// <summary>How often and how stubbornly meters are read.</summary>
public sealed record PollingOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra attempts after a timeout or transport error, only for a meter that answered last time.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Wait before the first re-probe of a meter that stopped answering; doubles up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When set, a cycle also starts at every UTC multiple of this span (the edge uses 15 minutes), so the
    /// first reading after a quarter-hour boundary is taken at once rather than up to an interval later.
    /// </summary>
    public TimeSpan? AlignCyclesTo { get; init; }
}
