using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Commissioning;

/// <summary>
/// Judges each meter from its latest live values while the installer is still on site
/// (help centre "Meter inspection"). Hints are resource keys of <see cref="CommissioningResource"/>
/// so the page shows them in the installer's language next to the live values.
/// </summary>
public static class MeterInspector
{
    /// <summary>The tolerated band of a 230 V phase-to-neutral supply, as the issue sets it.</summary>
    public const decimal MinVolts = 180m;
    public const decimal MaxVolts = 260m;

    /// <summary>Below this a phase counts as absent: an open phase can still show a few tens of volts induced from its neighbours.</summary>
    public const decimal DeadVolts = 50m;

    /// <summary>
    /// Power beyond this in the wrong direction is a wiring fault, not noise: meters and
    /// electronics in standby move a few watts either way.
    /// </summary>
    public const decimal ReversedWatts = 50m;

    /// <summary>A PV inverter at night draws a few watts of standby; drawing more than this means the meter counts backwards.</summary>
    public const decimal PvImportWatts = 200m;

    /// <summary>A gateway silent for longer than this (three heartbeats) is offline even without its last will.</summary>
    public static readonly TimeSpan GatewaySilentAfter = TimeSpan.FromMinutes(3);

    /// <summary>The gateway is offline: it said so, was never heard from, or has been silent too long.</summary>
    public static bool GatewayOffline(Gateway? gateway, DateTimeOffset now) =>
        gateway is not { IsOnline: true, LastSeenUtc: { } seen } || now - new DateTimeOffset(seen, TimeSpan.Zero) > GatewaySilentAfter;

    /// <summary>
    /// A meter not heard from for longer than <paramref name="after"/> (or never) is not answering: the one rule, with the
    /// inspection's short wait (<see cref="SiteCommissioning.StaleAfter"/>) and the gateways overview's longer one.
    /// </summary>
    public static bool NotAnswering(DateTimeOffset? lastHeard, DateTimeOffset now, TimeSpan after) =>
        lastHeard is not { } heard || now - heard > after;

    public static MeterInspection Assess(ExistingMeter meter, LiveMeterValues? live, DateTimeOffset now, TimeSpan staleAfter, InspectionContext? context = null)
    {
        MeterInspection Verdict(InspectionStatus status, string hint) => new(meter.Id, status, hint);

        context ??= InspectionContext.Unknown;
        if (live is null || NotAnswering(live.MeasuredAt, now, staleAfter))
        {
            // With the gateway offline no meter can answer: the cabinet comes first, not each meter's RS-485 wiring.
            return Verdict(InspectionStatus.NotAnswering, context.GatewayOffline ? "Inspection.GatewayOffline" : live is null ? "Inspection.NotAnswering" : "Inspection.Stale");
        }

        var voltage = VoltageHint(live);
        if (voltage is { Status: not InspectionStatus.Ok })
        {
            return Verdict(voltage.Value.Status, voltage.Value.Hint);
        }

        var reversed = ReversedHint(meter.Role, live);
        if (reversed is not null)
        {
            return Verdict(InspectionStatus.Reversed, reversed);
        }

        var impossible = ReadingPlausibility.Check(meter.Role, live, context);
        if (impossible is not null)
        {
            return Verdict(InspectionStatus.Implausible, impossible);
        }

        return Verdict(InspectionStatus.Ok, voltage?.Hint ?? "Inspection.Ok");
    }

    /// <summary>A site is commissioned only when it has meters and every one of them answers plausibly.</summary>
    public static bool IsCommissionable(IEnumerable<MeterInspection> inspections)
    {
        var any = false;
        foreach (var inspection in inspections)
        {
            if (inspection.Status != InspectionStatus.Ok)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// Null when the edge sent no phase voltages at all (nothing to judge). A meter with L1 in
    /// band and both L2 and L3 absent is taken as wired single-phase and passes, with a hint asking
    /// the installer to confirm: an SDM630 on a single-phase supply looks exactly like that, and a
    /// three-phase supply losing two phases at once is far rarer than losing one. Any other
    /// absent phase while another is live is a missing phase.
    /// </summary>
    private static (InspectionStatus Status, string Hint)? VoltageHint(LiveMeterValues live)
    {
        decimal?[] phases = [live.VoltageL1, live.VoltageL2, live.VoltageL3];
        if (phases.All(v => v is null))
        {
            return null;
        }

        var present = phases.Where(v => v is >= DeadVolts).Select(v => v!.Value).ToList();
        if (present.Count == 0)
        {
            return (InspectionStatus.Implausible, "Inspection.NoVoltage");
        }

        if (present.Any(v => v < MinVolts))
        {
            return (InspectionStatus.Implausible, "Inspection.VoltageLow");
        }

        if (present.Any(v => v > MaxVolts))
        {
            return (InspectionStatus.Implausible, "Inspection.VoltageHigh");
        }

        return present.Count switch
        {
            3 => (InspectionStatus.Ok, "Inspection.Ok"),
            1 when live.VoltageL1 is >= DeadVolts => (InspectionStatus.Ok, "Inspection.SinglePhase"),
            _ => (InspectionStatus.Implausible, "Inspection.MissingPhase"),
        };
    }

    /// <summary>
    /// Meters of loads must count power in (positive). A negative total means the CTs or the
    /// cables are the wrong way round; a negative phase while the total is positive means one CT
    /// is. A PV meter counts production as export (negative), so a large positive is reversed.
    /// Introduction and battery meters legitimately run both ways and are not judged.
    /// </summary>
    private static string? ReversedHint(MeterRole role, LiveMeterValues live)
    {
        switch (role)
        {
            case MeterRole.Consumer or MeterRole.CommonArea or MeterRole.HeatPump or MeterRole.EvCharging:
                if (live.ActivePowerW < -ReversedWatts)
                {
                    return "Inspection.Reversed";
                }

                decimal?[] phases = [live.PowerL1, live.PowerL2, live.PowerL3];
                return phases.Any(p => p < -ReversedWatts) ? "Inspection.PhaseReversed" : null;
            case MeterRole.PvProduction:
                return live.ActivePowerW > PvImportWatts ? "Inspection.PvReversed" : null;
            default:
                return null;
        }
    }
}
