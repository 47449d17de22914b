using Portal.Contracts.Control;
using Portal.Edge.Ocpp;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// The OCPP central system (<see cref="IChargerDriver"/>) as the control service sees it: snapshots mapped to site
/// phases through each charger's <see cref="ChargerConfig.PhaseMapping"/>, limits sent as SetChargingProfile
/// (PROTOCOLS.md 6.3). Chargers the config does not list are left out.
/// </summary>
public sealed class ChargerDriverInputs(IChargerDriver driver, ActiveControlConfig active) : IControlChargers
{
    /// <summary>A charger phase drawing at least this is a phase the car draws on (Auto zone phases).</summary>
    public const decimal DrawThresholdA = 1m;

    public IReadOnlyList<ChargerReading> Snapshot()
    {
        var configured = active.Current?.Control?.EvZone?.Chargers;
        if (configured is null || configured.Count == 0)
        {
            return [];
        }

        var byId = driver.Snapshot().ToDictionary(s => s.ChargerId, StringComparer.Ordinal);
        return [.. configured.Select(c => byId.TryGetValue(c.Id, out var s)
            ? ToReading(c, s)
            : new ChargerReading(c.Id, false, nameof(ChargerStatus.Unknown), false, []))];
    }

    public Task ApplyAsync(ChargerLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return driver.SetLimitAsync(limit.ChargerId, limit.LimitA, limit.Phases, cancellationToken);
    }

    /// <summary>Charger phase i is on site phase <c>PhaseMapping[i]</c>; a phase without a reading counts as 0 A.</summary>
    public static ChargerReading ToReading(ChargerConfig config, ChargerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(snapshot);
        decimal[] site = [0m, 0m, 0m];
        var draws = new List<Phase>();
        if (snapshot.Currents is { } currents)
        {
            decimal?[] perChargerPhase = [currents.Phase1, currents.Phase2, currents.Phase3];
            for (var i = 0; i < Math.Min(config.PhaseMapping.Count, 3); i++)
            {
                var amps = perChargerPhase[i] ?? 0m;
                var phase = config.PhaseMapping[i];
                site[(int)phase] += amps;
                if (amps >= DrawThresholdA && !draws.Contains(phase))
                {
                    draws.Add(phase);
                }
            }
        }

        return new ChargerReading(
            config.Id,
            snapshot.Connected,
            snapshot.Status.ToString(),
            snapshot.TransactionId is not null,
            draws,
            snapshot.Currents is null ? null : new PhaseCurrents(site[0], site[1], site[2]),
            snapshot.PowerW,
            snapshot.MeasuredAt);
    }
}
