namespace Portal.Edge.Control;

/// <summary>
/// The one budget relays and chargers are decided in, spent in priority order within a cycle: the solar surplus
/// still free (W; negative = the site imports), the import the peak guard still allows (W, null = no guard), the
/// current still free under the main fuse per phase (0.1 A) and, under ripple Reduced, what controllable loads may
/// still take (W and 0.1 A per phase).
/// </summary>
public sealed class CycleBudget
{
    public const int Unlimited = int.MaxValue / 4;

    public CycleBudget(decimal surplusW, decimal? peakAllowanceW, int[] fuseHeadroomDa, long rippleW, int[] rippleDa)
    {
        SurplusW = surplusW;
        PeakAllowanceW = peakAllowanceW;
        FuseHeadroomDa = fuseHeadroomDa;
        RippleW = rippleW;
        RippleDa = rippleDa;
    }

    public decimal SurplusW { get; private set; }

    public decimal? PeakAllowanceW { get; }

    public int[] FuseHeadroomDa { get; }

    public long RippleW { get; private set; }

    public int[] RippleDa { get; }

    /// <summary>Power a load may draw without the quarter-hour forecast passing the peak target.</summary>
    public decimal UnderPeakW => SurplusW + (PeakAllowanceW ?? CycleBudget.Unlimited);

    public bool FitsFuse(int phaseMask, int perPhaseDa) => Fits(FuseHeadroomDa, phaseMask, perPhaseDa);

    public bool FitsRipple(int phaseMask, int perPhaseDa, int powerW) => RippleW >= powerW && Fits(RippleDa, phaseMask, perPhaseDa);

    /// <summary>Takes a load's power and its current on each phase it loads; ripple caps count only controllable loads.</summary>
    public void Take(decimal powerW, int phaseMask, int perPhaseDa, bool controllable)
    {
        SurplusW -= powerW;
        for (var p = 0; p < 3; p++)
        {
            if ((phaseMask & (1 << p)) != 0)
            {
                FuseHeadroomDa[p] -= perPhaseDa;
                if (controllable)
                {
                    RippleDa[p] -= perPhaseDa;
                }
            }
        }

        if (controllable)
        {
            RippleW -= (long)Math.Ceiling(powerW);
        }
    }

    /// <summary>Takes what the chargers were given: their power and, per phase, their current.</summary>
    public void TakeChargers(long powerW, ReadOnlySpan<int> perPhaseDa)
    {
        SurplusW -= powerW;
        RippleW -= powerW;
        for (var p = 0; p < 3; p++)
        {
            FuseHeadroomDa[p] -= perPhaseDa[p];
            RippleDa[p] -= perPhaseDa[p];
        }
    }

    private static bool Fits(int[] headroom, int phaseMask, int perPhaseDa)
    {
        for (var p = 0; p < 3; p++)
        {
            if ((phaseMask & (1 << p)) != 0 && headroom[p] < perPhaseDa)
            {
                return false;
            }
        }

        return true;
    }
}
