using Portal.Contracts.Control;

namespace Portal.Simulator.Ocpp;

/// <summary>
/// Which site phase each charger phase is wired to (as ChargerConfig.PhaseMapping: index 0 = charger phase 1), and
/// what the charge point's car therefore draws from each site phase at 230 V.
/// </summary>
public sealed class ChargePointWiring
{
    public const double Volts = 230;

    public ChargePointWiring(SimulatedChargePoint chargePoint, IReadOnlyList<Phase> phaseMapping)
    {
        ArgumentNullException.ThrowIfNull(chargePoint);
        ArgumentNullException.ThrowIfNull(phaseMapping);
        if (phaseMapping.Count != chargePoint.Phases || phaseMapping.Distinct().Count() != phaseMapping.Count)
        {
            throw new ArgumentException(
                $"Charge point {chargePoint.Id}: {chargePoint.Phases} phase(s) need as many distinct site phases, not {string.Join("", phaseMapping)}.", nameof(phaseMapping));
        }

        ChargePoint = chargePoint;
        PhaseMapping = phaseMapping;
    }

    public SimulatedChargePoint ChargePoint { get; }

    public IReadOnlyList<Phase> PhaseMapping { get; }

    /// <summary>Amps on each site phase now.</summary>
    public (double L1, double L2, double L3) SiteCurrents()
    {
        var drawn = ChargePoint.DrawnCurrents;
        double[] byChargerPhase = [drawn.Phase1, drawn.Phase2, drawn.Phase3];
        double l1 = 0, l2 = 0, l3 = 0;
        for (var i = 0; i < PhaseMapping.Count; i++)
        {
            switch (PhaseMapping[i])
            {
                case Phase.L1: l1 += byChargerPhase[i]; break;
                case Phase.L2: l2 += byChargerPhase[i]; break;
                case Phase.L3: l3 += byChargerPhase[i]; break;
            }
        }

        return (l1, l2, l3);
    }

    /// <summary>Watts on each site phase now (amps x 230 V).</summary>
    public (double L1, double L2, double L3) Load()
    {
        var (l1, l2, l3) = SiteCurrents();
        return (l1 * Volts, l2 * Volts, l3 * Volts);
    }
}
