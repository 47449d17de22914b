using System.Globalization;
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
        var (want, reason, detail) = Rule(relay, cycle);
        var immediate = false;

        // Fail-safe and a utility lock switch at once, minimum on-time or not: protecting the fuse and obeying the
        // grid operator outrank sparing the appliance (docs/edge-control.md).
        if (_failSafe && relay.IsMeterDriven)
        {
            (want, reason, detail, immediate) = (false, DecisionReason.FailSafe, "no valid grid reading", true);
        }
        else if (_ripple == RippleMode.Locked && relay.IsControllable)
        {
            (want, reason, detail, immediate) = (false, DecisionReason.RippleLocked, "ripple control locked", true);
        }

        if (want && config.StepGroup is { } group && cycle.LastStepOn.TryGetValue(group, out var previousOn) && !previousOn)
        {
            (want, detail) = (false, Invariant($"step {config.StepIndex} waits for the step before it"));
        }

        if (want && _ripple == RippleMode.Reduced && relay.IsControllable
            && !budget.FitsRipple(relay.PhaseMask, relay.PerPhaseDa, config.NominalPowerW))
        {
            (want, reason, detail) = (false, DecisionReason.RippleReduced, Invariant($"ripple reduced: {budget.RippleW} W left"));
        }

        if (want && !relay.On && _recovering && relay.IsControllable)
        {
            if (cycle.SwitchedOnOne)
            {
                (want, reason, detail) = (false, DecisionReason.Recovered, "recovering: one relay on per cycle");
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
            cycle.Actions.Add(new ControlAction(ControlTargetKind.Relay, config.Id, reason, On: want, Detail: detail));
        }
        else if (!relay.Decided)
        {
            relay.Reason = reason;
        }

        relay.Decided = true;
    }

    private (bool Want, DecisionReason Reason, string? Detail) Rule(RelayTrack relay, CycleContext cycle)
    {
        var config = relay.Config;
        switch (config.Mode)
        {
            case RelayMode.AlwaysOn:
                return (true, DecisionReason.AlwaysOn, null);
            case RelayMode.AlwaysOff:
                return (false, DecisionReason.AlwaysOff, null);
            case RelayMode.Manual:
                var on = cycle.Overrides?.ManualRelays.FirstOrDefault(m => m.RelayId == config.Id)?.On ?? false;
                return (on, DecisionReason.Manual, null);
            case RelayMode.TimerOnly:
                return TimerWindows.Contains(config.Windows, cycle.Now, _siteTimeZone)
                    ? (true, DecisionReason.TimerWindow, null)
                    : (false, DecisionReason.OutsideWindow, null);
            case RelayMode.AutoWithTimer when TimerWindows.Contains(config.Windows, cycle.Now, _siteTimeZone):
                return (true, DecisionReason.TimerWindow, null);
            case RelayMode.AutoSolar or RelayMode.AutoWithTimer:
                return Solar(relay, cycle.Budget);
            case RelayMode.Threshold:
                return Threshold(relay, cycle.Now);
            case RelayMode.PeakGuard:
                return PeakGuard(relay, cycle.Budget);
            default:
                return (false, DecisionReason.AlwaysOff, "unknown mode");
        }
    }

    /// <summary>On when the free surplus covers the nominal power; once on, off only when that would import more than the hysteresis.</summary>
    private (bool, DecisionReason, string) Solar(RelayTrack relay, CycleBudget budget)
    {
        var need = relay.Config.NominalPowerW;
        var free = budget.SurplusW;
        var fits = budget.FitsFuse(relay.PhaseMask, relay.PerPhaseDa) || relay.On;
        var want = fits && (relay.On ? free >= need - _tuning.HysteresisW : free >= need);
        var detail = Invariant($"surplus {free:0} W, needs {need} W (off below {need - _tuning.HysteresisW} W)");
        return want ? (true, DecisionReason.SolarSurplus, detail) : (false, fits ? DecisionReason.NoSurplus : DecisionReason.PhaseLimit, detail);
    }

    /// <summary>Seed 003: on while the grid energy over the interval is below OnBelowWh, off above OffAboveWh; decided only once the interval is covered.</summary>
    private (bool, DecisionReason, string) Threshold(RelayTrack relay, DateTimeOffset now)
    {
        if (relay.Config.Threshold is not { } threshold || _thresholdLog is null)
        {
            return (false, DecisionReason.ThresholdOff, "no threshold set");
        }

        var energy = _thresholdLog.EnergyOver(TimeSpan.FromSeconds(threshold.IntervalSeconds), now);
        var reason = relay.On ? DecisionReason.ThresholdOn : DecisionReason.ThresholdOff;
        if (energy is not { } wh)
        {
            return (relay.On, reason, Invariant($"collecting {threshold.IntervalSeconds} s of grid energy"));
        }

        var detail = Invariant($"{wh:0.0} Wh over {threshold.IntervalSeconds} s (on below {threshold.OnBelowWh} Wh, off above {threshold.OffAboveWh} Wh)");
        if (relay.On && wh > threshold.OffAboveWh)
        {
            return (false, DecisionReason.ThresholdOff, detail);
        }

        return !relay.On && wh < threshold.OnBelowWh ? (true, DecisionReason.ThresholdOn, detail) : (relay.On, reason, detail);
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

    private (bool, DecisionReason, string) PeakGuard(RelayTrack relay, CycleBudget budget)
    {
        if (budget.PeakAllowanceW is null)
        {
            return (true, DecisionReason.PeakGuardRestore, "no peak target");
        }

        var detail = Invariant($"{budget.UnderPeakW:0} W left under the peak target, needs {relay.Config.NominalPowerW} W; quarter so far {_quarter.EnergyWh:0.0} Wh");
        return (relay.PeakVerdict, relay.PeakVerdict ? DecisionReason.PeakGuardRestore : DecisionReason.PeakGuardShed, detail);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

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
