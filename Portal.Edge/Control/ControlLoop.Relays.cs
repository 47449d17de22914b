using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>The relay half of the loop: each mode's rule, then minimum times, step order, ripple and fail-safe.</summary>
public sealed partial class ControlLoop
{
    private void DecideRelay(RelayTrack relay, CycleContext cycle)
    {
        var config = relay.Config;
        var budget = cycle.Budget;
        var now = cycle.Now;
        var (want, reason, why) = Rule(relay, cycle);
        var immediate = false;

        // Fail-safe and a utility lock switch at once, minimum on-time or not: protecting the fuse and obeying the
        // grid operator outrank sparing the appliance (docs/edge-control.md).
        if (_failSafe && relay.IsMeterDriven)
        {
            (want, reason, why, immediate) = (false, DecisionReason.FailSafe, Why.Nothing, true);
        }
        else if (_ripple == RippleMode.Locked && relay.IsControllable)
        {
            (want, reason, why, immediate) = (false, DecisionReason.RippleLocked, Why.Nothing, true);
        }

        if (want && config.StepGroup is { } group && cycle.LastStepOn.TryGetValue(group, out var previousOn) && !previousOn)
        {
            (want, why) = (false, Why.StepWaits);
        }

        if (want && _ripple == RippleMode.Reduced && relay.IsControllable
            && !budget.FitsRipple(relay.PhaseMask, relay.PerPhaseDa, config.NominalPowerW))
        {
            (want, reason, why) = (false, DecisionReason.RippleReduced, Why.Ripple);
        }

        if (want && !relay.On && _recovering && relay.IsControllable)
        {
            if (cycle.SwitchedOnOne)
            {
                (want, reason, why) = (false, DecisionReason.Recovered, Why.Nothing);
                cycle.Throttled = true;
            }
            else
            {
                cycle.SwitchedOnOne = true;
            }
        }

        if (want != relay.On && !immediate && now < relay.HeldUntil)
        {
            want = relay.On;
            reason = relay.Reason;
        }

        // Only a switch is explained, with the budget as this relay found it (before it takes its share).
        var figures = want != relay.On ? Explain(relay, cycle, why) : null;
        if (want)
        {
            budget.Take(config.NominalPowerW, relay.PhaseMask, relay.PerPhaseDa, relay.IsControllable);
        }

        if (config.StepGroup is { } stepGroup)
        {
            cycle.LastStepOn[stepGroup] = want;
        }

        if (want != relay.On)
        {
            relay.Switch(want, reason, now);
            cycle.Actions.Add(new ControlAction(ControlTargetKind.Relay, config.Id, reason, On: want, Detail: DecisionDetail.English(figures), Figures: figures));
        }
        else if (!relay.Decided)
        {
            relay.Reason = reason;
        }

        relay.Decided = true;
    }

    private (bool Want, DecisionReason Reason, Why Why) Rule(RelayTrack relay, CycleContext cycle)
    {
        var config = relay.Config;
        switch (config.Mode)
        {
            case RelayMode.AlwaysOn:
                return (true, DecisionReason.AlwaysOn, Why.Nothing);
            case RelayMode.AlwaysOff:
                return (false, DecisionReason.AlwaysOff, Why.Nothing);
            case RelayMode.Manual:
                var on = cycle.Overrides?.ManualRelays.FirstOrDefault(m => m.RelayId == config.Id)?.On ?? false;
                return (on, DecisionReason.Manual, Why.Nothing);
            case RelayMode.TimerOnly:
                return TimerWindows.Contains(config.Windows, cycle.Now, _siteTimeZone)
                    ? (true, DecisionReason.TimerWindow, Why.Nothing)
                    : (false, DecisionReason.OutsideWindow, Why.Nothing);
            case RelayMode.AutoWithTimer when TimerWindows.Contains(config.Windows, cycle.Now, _siteTimeZone):
                return (true, DecisionReason.TimerWindow, Why.Nothing);
            case RelayMode.AutoSolar or RelayMode.AutoWithTimer:
                return Solar(relay, cycle.Budget);
            case RelayMode.Threshold:
                return Threshold(relay, cycle.Now);
            case RelayMode.PeakGuard:
                return PeakGuard(relay, cycle.Budget);
            default:
                return (false, DecisionReason.AlwaysOff, Why.Nothing);
        }
    }

    /// <summary>On when the free surplus covers the nominal power; once on, off only when that would import more than the hysteresis.</summary>
    private (bool, DecisionReason, Why) Solar(RelayTrack relay, CycleBudget budget)
    {
        var need = relay.Config.NominalPowerW;
        var free = budget.SurplusW;
        var fits = budget.FitsFuse(relay.PhaseMask, relay.PerPhaseDa) || relay.On;
        var want = fits && (relay.On ? free >= need - _tuning.HysteresisW : free >= need);
        return want ? (true, DecisionReason.SolarSurplus, Why.Solar) : (false, fits ? DecisionReason.NoSurplus : DecisionReason.PhaseLimit, Why.Solar);
    }

    /// <summary>Seed 003: on while the grid energy over the interval is below OnBelowWh, off above OffAboveWh; decided only once the interval is covered.</summary>
    private (bool, DecisionReason, Why) Threshold(RelayTrack relay, DateTimeOffset now)
    {
        if (relay.Config.Threshold is not { } threshold || _thresholdLog is null)
        {
            return (false, DecisionReason.ThresholdOff, Why.Nothing);
        }

        var reason = relay.On ? DecisionReason.ThresholdOn : DecisionReason.ThresholdOff;
        if (ThresholdEnergyWh(threshold, now) is not { } wh)
        {
            return (relay.On, reason, Why.Collecting);
        }

        if (relay.On && wh > threshold.OffAboveWh)
        {
            return (false, DecisionReason.ThresholdOff, Why.Threshold);
        }

        return !relay.On && wh < threshold.OnBelowWh ? (true, DecisionReason.ThresholdOn, Why.Threshold) : (relay.On, reason, Why.Threshold);
    }

    private decimal? ThresholdEnergyWh(ThresholdConfig threshold, DateTimeOffset now) =>
        _thresholdLog?.EnergyOver(TimeSpan.FromSeconds(threshold.IntervalSeconds), now);

    /// <summary>The figures that explain a relay's switch; built only for a switch, so a steady cycle allocates none.</summary>
    private DecisionFigure[]? Explain(RelayTrack relay, CycleContext cycle, Why why)
    {
        var config = relay.Config;
        var budget = cycle.Budget;
        switch (why)
        {
            case Why.Solar:
                var solar = new List<DecisionFigure>(7)
                {
                    new(FigureKind.SurplusW, decimal.Round(budget.SurplusW)),
                    new(FigureKind.NeedW, config.NominalPowerW),
                    new(FigureKind.OffBelowW, config.NominalPowerW - _tuning.HysteresisW),
                };
                if (cycle.Grid.Valid)
                {
                    solar.Add(new(FigureKind.GridImportW, decimal.Round(cycle.Grid.PowerW)));
                }

                AddHeadroom(solar, budget.FuseHeadroomDa, relay.PhaseMask);
                return [.. solar];
            case Why.Threshold when config.Threshold is { } threshold && ThresholdEnergyWh(threshold, cycle.Now) is { } wh:
                return
                [
                    new(FigureKind.GridEnergyWh, decimal.Round(wh, 1)),
                    new(FigureKind.IntervalSeconds, threshold.IntervalSeconds),
                    new(FigureKind.OnBelowWh, threshold.OnBelowWh),
                    new(FigureKind.OffAboveWh, threshold.OffAboveWh),
                ];
            case Why.Collecting when config.Threshold is { } threshold:
                return [new(FigureKind.CollectingSeconds, threshold.IntervalSeconds)];
            case Why.PeakGuard:
                return
                [
                    new(FigureKind.UnderPeakW, decimal.Round(budget.UnderPeakW)),
                    new(FigureKind.NeedW, config.NominalPowerW),
                    new(FigureKind.QuarterEnergyWh, decimal.Round(_quarter.EnergyWh, 1)),
                ];
            case Why.Ripple:
                return [new(FigureKind.RippleLeftW, budget.RippleW), new(FigureKind.NeedW, config.NominalPowerW)];
            case Why.StepWaits:
                return [new(FigureKind.WaitingStep, config.StepIndex)];
            default:
                return null;
        }
    }

    /// <summary>The current left under the fuse on the given phases (none when the main fuse is not protected).</summary>
    private static void AddHeadroom(List<DecisionFigure> figures, int[] headroomDa, int phaseMask)
    {
        ReadOnlySpan<FigureKind> kinds = [FigureKind.HeadroomL1A, FigureKind.HeadroomL2A, FigureKind.HeadroomL3A];
        for (var p = 0; p < 3; p++)
        {
            if ((phaseMask & (1 << p)) != 0 && headroomDa[p] < CycleBudget.Unlimited / 2)
            {
                figures.Add(new(kinds[p], headroomDa[p] / 10m));
            }
        }
    }

    /// <summary>
    /// BILLING.md s.4: peak-guard relays stay on while the import the quarter-hour still allows covers them. When it
    /// does not, the highest priority number is shed first until the rest fits; a shed relay comes back, lowest number
    /// first, only when it fits with a margin.
    /// </summary>
    private void DecidePeakGuard(RelayTrack[] group, CycleContext cycle)
    {
        if (group.Length == 0)
        {
            return;
        }

        var available = cycle.Budget.UnderPeakW;
        var sum = 0m;
        foreach (var relay in group)
        {
            relay.PeakVerdict = relay.On;
            sum += relay.On ? relay.Config.NominalPowerW : 0;
        }

        if (cycle.Budget.PeakAllowanceW is not null)
        {
            for (var i = group.Length - 1; i >= 0 && sum > available; i--)
            {
                if (group[i].On)
                {
                    group[i].PeakVerdict = false;
                    sum -= group[i].Config.NominalPowerW;
                }
            }
        }

        foreach (var relay in group)
        {
            if (!relay.On && (cycle.Budget.PeakAllowanceW is null || sum + relay.Config.NominalPowerW + _tuning.PeakRestoreMarginW <= available))
            {
                relay.PeakVerdict = true;
                sum += relay.Config.NominalPowerW;
            }
        }

        foreach (var relay in group)
        {
            DecideRelay(relay, cycle);
        }
    }

    private static (bool, DecisionReason, Why) PeakGuard(RelayTrack relay, CycleBudget budget) =>
        budget.PeakAllowanceW is null
            ? (true, DecisionReason.PeakGuardRestore, Why.Nothing)
            : (relay.PeakVerdict, relay.PeakVerdict ? DecisionReason.PeakGuardRestore : DecisionReason.PeakGuardShed, Why.PeakGuard);

    /// <summary>Which figures explain a relay decision (<see cref="Explain"/>).</summary>
    private enum Why
    {
        Nothing,
        Solar,
        Threshold,
        Collecting,
        PeakGuard,
        Ripple,
        StepWaits,
    }

    /// <summary>One relay's decided state and since when; <see cref="HeldUntil"/> enforces its minimum on/off time.</summary>
    private sealed class RelayTrack
    {
        public RelayTrack(RelayConfig config)
        {
            Config = config;
            foreach (var phase in config.Phases.Count > 0 ? config.Phases : [Phase.L1])
            {
                PhaseMask |= 1 << Electrical.Index(phase);
            }

            var phases = System.Numerics.BitOperations.PopCount((uint)PhaseMask);
            PerPhaseDa = (int)Math.Ceiling(config.NominalPowerW / (decimal)(Electrical.WattsPerDeciAmp * phases));
            IsFlexible = config.Mode is RelayMode.AutoSolar or RelayMode.AutoWithTimer;
            IsMeterDriven = config.Mode is RelayMode.AutoSolar or RelayMode.AutoWithTimer or RelayMode.Threshold or RelayMode.PeakGuard;
            IsControllable = config.Mode is not (RelayMode.AlwaysOn or RelayMode.AlwaysOff or RelayMode.Manual);
        }

        public RelayConfig Config { get; }

        public int PhaseMask { get; }

        /// <summary>The appliance's current on each of its phases, its nominal power split evenly (0.1 A, rounded up).</summary>
        public int PerPhaseDa { get; }

        /// <summary>Decided in priority order from what is left of the budget (the others draw what they draw).</summary>
        public bool IsFlexible { get; }

        /// <summary>Needs a valid grid reading: off in fail-safe.</summary>
        public bool IsMeterDriven { get; }

        /// <summary>Subject to ripple control: every mode but the owner's explicit ones (always on/off, manual).</summary>
        public bool IsControllable { get; }

        public bool On { get; private set; }

        public bool Decided { get; set; }

        /// <summary>This cycle's peak-guard outcome, decided for its group before the relay's turn.</summary>
        public bool PeakVerdict { get; set; }

        public DecisionReason Reason { get; set; }

        public DateTimeOffset Since { get; private set; }

        public DateTimeOffset SwitchedAt { get; private set; } = DateTimeOffset.MinValue;

        public DateTimeOffset HeldUntil { get; private set; }

        /// <summary>At start-up the relay is where it was read back, with no minimum time pending.</summary>
        public void Start(bool on, DateTimeOffset now)
        {
            On = on;
            Since = now;
            HeldUntil = now;
        }

        public void Switch(bool on, DecisionReason reason, DateTimeOffset now)
        {
            var hold = on ? Config.MinOnSeconds : Config.MinOffSeconds;
            if (Config.Mode == RelayMode.Threshold && Config.Threshold is { } threshold)
            {
                hold = Math.Max(hold, threshold.IntervalSeconds);
            }

            On = on;
            Reason = reason;
            Since = now;
            SwitchedAt = now;
            HeldUntil = now.AddSeconds(hold);
        }
    }
}
