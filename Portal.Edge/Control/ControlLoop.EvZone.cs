using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// The EV-zone half of the loop. The zone takes its turn in the budget at its best charger priority and gets
/// max(MinPowerW, free surplus) bounded by MaxPowerW (and by the peak guard and ripple Reduced); "charge now" chargers
/// get their maximum within the fuse and the zone maximum first. <see cref="ChargerSharing"/> then shares it per
/// phase, against the phases each charger really loads, and rebalances every cycle, running sessions included.
/// </summary>
public sealed partial class ControlLoop
{
    private void ShareZone(CycleContext cycle, Dictionary<string, ChargerReading> readings)
    {
        if (_config.EvZone is not { } zone || _chargers.Length == 0)
        {
            return;
        }

        var budget = cycle.Budget;
        var now = cycle.Now;
        var chargeNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in cycle.Overrides?.ChargeNow ?? [])
        {
            if (o.Until > now)
            {
                chargeNow.Add(o.ChargerId);
            }
        }

        long zoneMaxW = Math.Min(zone.MaxPowerW, budget.RippleW);
        var normalW = Math.Clamp(Math.Max(zone.MinPowerW, budget.SurplusW), 0m, zone.MaxPowerW);
        var peakBound = budget.PeakAllowanceW is not null && budget.UnderPeakW < normalW;
        if (peakBound)
        {
            normalW = Math.Max(0m, budget.UnderPeakW);
        }

        var rippleBound = budget.RippleW < normalW;
        normalW = Math.Min(normalW, budget.RippleW);

        // The zone at its minimum power: its budget does not move with the sun, so a paused car needs no margin to
        // resume (with it, a three-phase car paused once could never come back on a 4140 W minimum).
        var atMinimum = zone.MinPowerW > 0 && budget.SurplusW < zone.MinPowerW && normalW == zone.MinPowerW;
        var urgent = new List<(ChargerTrack Charger, ChargerDemand Demand)>();
        var normal = new List<(ChargerTrack Charger, ChargerDemand Demand)>();
        foreach (var charger in _chargers)
        {
            readings.TryGetValue(charger.Config.Id, out var reading);
            var mask = PhaseMaskOf(charger.Config, reading, zone.Phases);
            if (reading is null || !reading.WantsCurrent)
            {
                Set(cycle, charger, 0, mask, DecisionReason.Disconnected, null);
                continue;
            }

            if (_ripple == RippleMode.Locked)
            {
                Set(cycle, charger, 0, mask, DecisionReason.RippleLocked, null);
                continue;
            }

            if (_failSafe)
            {
                // Without a grid reading the fuse cannot be watched: the floor the settings guarantee every charger
                // (the validator refuses a main limit that cannot give each its 6 A), or a pause if the zone has no minimum.
                var safe = zone.MinPowerW > 0 ? charger.Config.MinCurrentA * 10 : 0;
                Set(cycle, charger, safe, mask, DecisionReason.FailSafe, null);
                continue;
            }

            var minDa = charger.Config.MinCurrentA * 10;
            if (charger.PausedBelowFloor && !atMinimum)
            {
                minDa += (int)(_tuning.ResumeMarginA * 10);
            }

            var maxDa = charger.Config.MaxCurrentA * 10;
            if (_recovering)
            {
                charger.RampCapDa = charger.LimitDa > 0 ? charger.LimitDa + (int)(_tuning.RampStepA * 10) : charger.Config.MinCurrentA * 10;
                maxDa = Math.Min(maxDa, Math.Max(charger.RampCapDa, minDa));
            }

            var isUrgent = chargeNow.Contains(charger.Config.Id);
            var demand = new ChargerDemand(charger.Config.Id, isUrgent ? int.MinValue : charger.Config.Priority, mask, minDa, maxDa, charger.LimitDa > 0);
            (isUrgent ? urgent : normal).Add((charger, demand));
        }

        if (urgent.Count == 0 && normal.Count == 0)
        {
            return;
        }

        var headroom = new int[3];
        for (var p = 0; p < 3; p++)
        {
            headroom[p] = Math.Min(budget.FuseHeadroomDa[p], budget.RippleDa[p]);
        }

        Span<int> before = [headroom[0], headroom[1], headroom[2]];
        var urgentW = zoneMaxW;
        var urgentLimits = ChargerSharing.Share([.. urgent.Select(u => u.Demand)], ref urgentW, headroom);
        var usedW = zoneMaxW - urgentW;
        var normalBudgetW = Math.Max(0L, Math.Min((long)normalW, zoneMaxW - usedW));
        var zoneBound = normalBudgetW >= zone.MaxPowerW - usedW;
        var leftW = normalBudgetW;
        var normalLimits = ChargerSharing.Share([.. normal.Select(n => n.Demand)], ref leftW, headroom);
        usedW += normalBudgetW - leftW;
        Span<int> taken = [before[0] - headroom[0], before[1] - headroom[1], before[2] - headroom[2]];
        budget.TakeChargers(usedW, taken);

        var figures = ZoneFigures(cycle, normalBudgetW, budget.SurplusW + usedW, headroom);
        for (var i = 0; i < urgent.Count; i++)
        {
            var (charger, demand) = urgent[i];
            var reason = urgentLimits[i] == 0 ? DecisionReason.BelowFloor
                : urgentLimits[i] < demand.MaxDa && PhaseBound(demand, headroom) ? DecisionReason.PhaseLimit
                : DecisionReason.ChargeNow;
            Decide(cycle, charger, demand, urgentLimits[i], reason, figures);
        }

        for (var i = 0; i < normal.Count; i++)
        {
            var (charger, demand) = normal[i];
            var limit = normalLimits[i];
            var reason = limit == 0 ? DecisionReason.BelowFloor
                : limit >= demand.MaxDa ? DecisionReason.FairShare
                : PhaseBound(demand, headroom) ? (rippleBound || _ripple == RippleMode.Reduced ? DecisionReason.RippleReduced : DecisionReason.PhaseLimit)
                : peakBound ? DecisionReason.PeakGuardShed
                : rippleBound ? DecisionReason.RippleReduced
                : zoneBound ? DecisionReason.ZoneLimit
                : DecisionReason.FairShare;
            Decide(cycle, charger, demand, limit, reason, figures);
        }
    }

    private void Decide(CycleContext cycle, ChargerTrack charger, ChargerDemand demand, int limitDa, DecisionReason reason, DecisionFigure[] figures)
    {
        if (_recovering && limitDa > 0 && limitDa >= charger.RampCapDa && charger.RampCapDa < charger.Config.MaxCurrentA * 10)
        {
            reason = DecisionReason.Recovered;
            cycle.Throttled = true;
        }

        charger.PausedBelowFloor = limitDa == 0 && reason == DecisionReason.BelowFloor;
        Set(cycle, charger, limitDa, demand.PhaseMask, reason, figures);
    }

    /// <summary>
    /// What explains the zone's limits this cycle, shared by its chargers: the power shared and the surplus it came
    /// from, the grid point, and per phase the fuse limit, the measured current and what is left after the zone.
    /// </summary>
    private DecisionFigure[] ZoneFigures(CycleContext cycle, long zoneW, decimal surplusW, int[] headroomDa)
    {
        var figures = new List<DecisionFigure>(10)
        {
            new(FigureKind.ZoneW, zoneW),
            new(FigureKind.SurplusW, decimal.Round(surplusW)),
        };
        if (cycle.Grid.Valid)
        {
            figures.Add(new(FigureKind.GridImportW, decimal.Round(cycle.Grid.PowerW)));
        }

        if (_config.LoadManagement is { } lm)
        {
            figures.Add(new(FigureKind.FuseLimitA, lm.MainLimitA - lm.MarginA));
        }

        if (cycle.Grid.CurrentA is { } measured)
        {
            figures.Add(new(FigureKind.GridL1A, measured.L1));
            figures.Add(new(FigureKind.GridL2A, measured.L2));
            figures.Add(new(FigureKind.GridL3A, measured.L3));
        }

        AddHeadroom(figures, headroomDa, 0b111);
        return [.. figures];
    }

    // A charger is held by a phase when one of the phases it loads has less than 1 A left.
    private static bool PhaseBound(ChargerDemand demand, int[] headroomDa)
    {
        for (var p = 0; p < 3; p++)
        {
            if (demand.Loads(p) && headroomDa[p] < 10)
            {
                return true;
            }
        }

        return false;
    }

    private static void Set(CycleContext cycle, ChargerTrack charger, int limitDa, int phaseMask, DecisionReason reason, DecisionFigure[]? figures)
    {
        var phases = System.Numerics.BitOperations.PopCount((uint)phaseMask);
        if (limitDa == 0 && reason != DecisionReason.BelowFloor)
        {
            charger.PausedBelowFloor = false;
        }

        charger.Reason = reason;
        if (charger.Sent && charger.LimitDa == limitDa && charger.Phases == phases)
        {
            return;
        }

        charger.LimitDa = limitDa;
        charger.Phases = phases;
        charger.Sent = true;
        charger.Draw.Sent(cycle.Now, limitDa, phaseMask);
        cycle.Limits.Add(new ChargerLimit(charger.Config.Id, limitDa / 10m, phases));
        cycle.Actions.Add(new ControlAction(ControlTargetKind.Charger, charger.Config.Id, reason, LimitA: limitDa / 10m, Phases: phases, Detail: DecisionDetail.English(figures), Figures: figures));
    }

    /// <summary>
    /// The site phases a charger loads: its first mapped phase for a one-phase zone, all mapped phases for a
    /// three-phase zone, and with automatic detection the mapped phases its car actually draws on (all mapped
    /// phases until the car draws, the cautious guess).
    /// </summary>
    private static int PhaseMaskOf(ChargerConfig config, ChargerReading? reading, ZonePhases zonePhases)
    {
        var mask = 0;
        var mapping = config.PhaseMapping.Count > 0 ? config.PhaseMapping : [Phase.L1];
        if (zonePhases == ZonePhases.One)
        {
            return 1 << Electrical.Index(mapping[0]);
        }

        foreach (var phase in mapping)
        {
            mask |= 1 << Electrical.Index(phase);
        }

        if (zonePhases == ZonePhases.Auto && reading is { DrawPhases.Count: > 0 })
        {
            var drawn = 0;
            foreach (var phase in reading.DrawPhases)
            {
                drawn |= 1 << Electrical.Index(phase);
            }

            if ((drawn & mask) != 0)
            {
                return drawn & mask;
            }
        }

        return mask;
    }

    /// <summary>
    /// One charger's last limit as sent, whether it paused below its floor (it then resumes only with a margin), and
    /// the limits sent since its last report (what it draws when the grid is read).
    /// </summary>
    private sealed class ChargerTrack(ChargerConfig config)
    {
        public ChargerConfig Config { get; } = config;

        public int LimitDa { get; set; }

        public int Phases { get; set; } = config.PhaseMapping.Count;

        public bool Sent { get; set; }

        public DecisionReason Reason { get; set; } = DecisionReason.Disconnected;

        public bool PausedBelowFloor { get; set; }

        public int RampCapDa { get; set; } = int.MaxValue;

        public ChargerDraw Draw { get; } = new();
    }
}
