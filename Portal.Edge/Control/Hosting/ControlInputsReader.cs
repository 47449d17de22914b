using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Readings;
using Portal.Edge.Relays;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// Gathers one cycle's <see cref="ControlInputs"/> from what the edge already holds: the grid meters' latest live
/// readings, the relay modules' read-back coils and inputs, the charger driver's snapshot and the portal overrides.
/// Nothing here touches a bus: the bus loops keep these up to date.
/// </summary>
public sealed class ControlInputsReader(LatestReadings readings, IRelayModuleDriver relays, IControlChargers chargers, ControlOverridesStore overrides)
{
    public ControlInputs Read(ControlConfig config, DateTimeOffset now) => new(
        now,
        [.. config.GridMeterIds.Select(readings.Of).OfType<LiveReadingMessage>().Select(ToGridReading)],
        RelaysOn(config, relays),
        chargers.Snapshot(),
        RippleInputs(config, relays),
        overrides.Current);

    /// <summary>A live reading as the loop takes it; currents only when all three phases are there.</summary>
    public static GridReading ToGridReading(LiveReadingMessage reading) => new(
        reading.MeterId,
        reading.MeasuredAt,
        reading.ActivePowerW,
        reading.CurrentA is { L1: { } l1, L2: { } l2, L3: { } l3 } ? new PhaseCurrents(l1, l2, l3) : null);

    /// <summary>Coils as last read from modules that answer; a relay of a silent module is left out (the loop assumes its last command).</summary>
    public static IReadOnlyDictionary<string, bool> RelaysOn(ControlConfig config, IRelayModuleDriver relays)
    {
        var on = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var relay in config.Relays)
        {
            if (relays.StateOf(relay.ModuleId) is { Health: RelayModuleHealth.Answering, Relays: { } coils } && relay.Coil >= 0 && relay.Coil < coils.Count)
            {
                on[relay.Id] = coils[relay.Coil];
            }
        }

        return on;
    }

    /// <summary>The 8 inputs of each answering module as a byte, DI_01 = bit 0 (PROTOCOLS.md section 2).</summary>
    public static IReadOnlyDictionary<string, byte> RippleInputs(ControlConfig config, IRelayModuleDriver relays)
    {
        var inputs = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var module in config.RelayModules)
        {
            if (relays.StateOf(module.Id) is { Health: RelayModuleHealth.Answering, Inputs: { } bits })
            {
                var value = 0;
                for (var i = 0; i < Math.Min(8, bits.Count); i++)
                {
                    value |= bits[i] ? 1 << i : 0;
                }

                inputs[module.Id] = (byte)value;
            }
        }

        return inputs;
    }
}
