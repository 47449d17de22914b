using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>The electrical conventions of the loop: 230 V per phase, currents in deci-amperes (the 0.1 A resolution of OCPP limits, PROTOCOLS.md 6.3).</summary>
public static class Electrical
{
    public const int VoltsPerPhase = 230;

    /// <summary>Watts drawn by 0.1 A on one phase.</summary>
    public const int WattsPerDeciAmp = VoltsPerPhase / 10;

    public static int Index(Phase phase) => (int)phase;

    public static decimal On(PhaseCurrents currents, int phaseIndex) => phaseIndex switch
    {
        0 => currents.L1,
        1 => currents.L2,
        _ => currents.L3,
    };

    public static PhaseCurrents Sum(PhaseCurrents a, PhaseCurrents b) => new(a.L1 + b.L1, a.L2 + b.L2, a.L3 + b.L3);
}
