using Portal.Contracts.Mqtt;

namespace Portal.Contracts.Control;

/// <summary>Why a control configuration cannot work; the portal words each code per culture, the edge logs it.</summary>
public enum ControlProblemCode
{
    /// <summary>Subject: the id. An id that cannot travel in the topic tree and messages.</summary>
    InvalidId,

    /// <summary>Subject: the id. Two modules, relays or chargers share one id.</summary>
    DuplicateId,

    /// <summary>Subject: module. Only WP8024 modules are known (PROTOCOLS.md section 2).</summary>
    UnknownModuleModel,

    /// <summary>Subject: module. Its bus is not one of the gateway's.</summary>
    UnknownBus,

    /// <summary>Subject: module; figures: unit id, 1, 247.</summary>
    UnitIdOutOfRange,

    /// <summary>Subject: module; figures: unit id. A meter or another module answers on that unit id on the same bus.</summary>
    UnitIdTaken,

    /// <summary>Subject: bus; figures: devices, 31. Meters and relay modules together exceed an RS-485 segment.</summary>
    BusDeviceLimit,

    /// <summary>Subject: relay or ripple control. It names a module that does not exist.</summary>
    UnknownModule,

    /// <summary>Subject: relay; figures: coil, 0, 3.</summary>
    CoilOutOfRange,

    /// <summary>Subject: relay; figures: coil. Another relay already switches this coil of the module.</summary>
    CoilTaken,

    /// <summary>Subject: relay. The appliance needs a name of 1 to 100 characters.</summary>
    ApplianceName,

    /// <summary>Subject: relay or charger; figures: value, minimum, maximum.</summary>
    NominalPowerOutOfRange,

    /// <summary>Subject: relay; figures: value, minimum, maximum (seconds).</summary>
    MinimumTimeOutOfRange,

    /// <summary>Subject: relay or charger; figures: value, minimum, maximum.</summary>
    PriorityOutOfRange,

    /// <summary>Subject: relay. A relay must load 1 or 3 distinct site phases.</summary>
    RelayPhasesInvalid,

    /// <summary>Subject: relay or charger; figures: phase number (1-3), site phases. A phase the site does not have.</summary>
    PhaseNotOnSite,

    /// <summary>Subject: relay. Timer only or Auto with timer needs at least one window.</summary>
    TimerWithoutWindows,

    /// <summary>Subject: relay; figures: window index. A window needs weekdays and a start different from its end.</summary>
    WindowInvalid,

    /// <summary>Subject: relay; figures: windows, maximum.</summary>
    TooManyWindows,

    /// <summary>Subject: relay. Threshold mode needs its thresholds.</summary>
    ThresholdMissing,

    /// <summary>Subject: relay; figures: ON Wh, OFF Wh. The ON threshold must lie below the OFF threshold.</summary>
    ThresholdOnAboveOff,

    /// <summary>Subject: relay; figures: value, minimum, maximum (Wh).</summary>
    ThresholdOutOfRange,

    /// <summary>Subject: relay; figures: seconds, minimum, maximum.</summary>
    ThresholdIntervalOutOfRange,

    /// <summary>Subject: step group; figures: relays, maximum 3.</summary>
    StepGroupTooLarge,

    /// <summary>Subject: step group; figures: step index. Two relays of one step group share a step.</summary>
    StepIndexTaken,

    /// <summary>Subject: relay; figures: index, 0, 2.</summary>
    StepIndexOutOfRange,

    /// <summary>Figures: value, minimum, maximum (W).</summary>
    ZonePowerOutOfRange,

    /// <summary>Figures: minimum W, maximum W.</summary>
    ZoneMinAboveMax,

    /// <summary>Figures: zone maximum W, floor W. The zone cannot give its first charger its 6 A floor.</summary>
    ZoneMaxBelowFloor,

    /// <summary>Subject: charger; figures: phases mapped. A charger has 1 or 3 distinct phases.</summary>
    ChargerPhaseMappingInvalid,

    /// <summary>Subject: charger; figures: charger phases. A one-phase zone holds only one-phase chargers.</summary>
    ChargerPhasesNotZone,

    /// <summary>Subject: charger; figures: value, 6, 80 (A).</summary>
    ChargerCurrentOutOfRange,

    /// <summary>Subject: charger; figures: minimum A, maximum A.</summary>
    ChargerMinAboveMax,

    /// <summary>Subject: charger; figures: connector, 1, 10.</summary>
    ConnectorOutOfRange,

    /// <summary>Figures: value, minimum, maximum (A).</summary>
    MainLimitOutOfRange,

    /// <summary>Figures: margin, 0, main limit - 1 (A).</summary>
    MarginOutOfRange,

    /// <summary>
    /// Subject: the phase (L1-L3); figures: available A (main limit minus margin), A the chargers on it need at
    /// their floor. The main limit cannot give every charger its floor at once.
    /// </summary>
    MainLimitBelowChargerFloor,

    /// <summary>Subject: ripple control; figures: input, 0, 7.</summary>
    InputOutOfRange,

    /// <summary>Figures: input. Reduced and Locked cannot share one input.</summary>
    RippleInputsShared,

    /// <summary>Ripple control needs a Reduced or a Locked input.</summary>
    RippleWithoutInput,

    /// <summary>A Reduced input needs one limit, in W or in A (not both).</summary>
    RippleReducedLimit,

    /// <summary>Figures: value, minimum, maximum.</summary>
    RippleLimitOutOfRange,

    /// <summary>Figures: count. The peak guard needs 12 monthly targets.</summary>
    PeakGuardMonthCount,

    /// <summary>Figures: month (1-12), value, minimum, maximum (W).</summary>
    PeakGuardTargetOutOfRange,

    /// <summary>Figures: site phases. 1 or 3.</summary>
    SitePhasesInvalid,

    /// <summary>Figures: value, minimum, maximum (ms).</summary>
    CycleOutOfRange,

    /// <summary>Figures: value, minimum, maximum (s).</summary>
    StaleAfterOutOfRange,

    /// <summary>Subject: meter. A grid meter that is not among the gateway's meters.</summary>
    UnknownGridMeter,

    /// <summary>Something to control, but no introduction (grid) meter to control it by.</summary>
    NoGridMeter,
}

/// <summary>One reason a control configuration cannot work: a code, what it concerns and the figures that make it so.</summary>
public sealed record ControlProblem(ControlProblemCode Code, string Subject, IReadOnlyList<long> Figures)
{
    public ControlProblem(ControlProblemCode code, string subject = "", params long[] figures)
        : this(code, subject, (IReadOnlyList<long>)figures)
    {
    }

    public override string ToString() => $"{Code}({Subject}: {string.Join(", ", Figures)})";
}

/// <summary>
/// Refuses a control configuration that cannot work, before it is pushed (portal) and when it is applied (edge):
/// pure, so both call the same rules. Returns every problem found, as codes and figures, never prose.
/// Rules from issue 11: zone minimum above maximum, a main limit that cannot give every charger its 6 A floor
/// (seed 002 load management), a timer mode without windows, two relays on one coil, phases the site lacks,
/// and the WP8024's 4 coils and 8 inputs (PROTOCOLS.md section 2) with the 31 devices of an RS-485 segment.
/// </summary>
public static class ControlConfigValidator
{
    public const string Wp8024 = "WP8024";
    public const int Coils = 4;
    public const int Inputs = 8;
    public const int MaxUnitId = 247;

    /// <summary>An RS-485 segment carries 32 unit loads; the gateway or converter is one of them.</summary>
    public const int MaxDevicesPerSegment = 31;

    /// <summary>IEC 61851: a charger below 6 A per phase pauses.</summary>
    public const int FloorA = 6;

    public const int MaxChargerA = 80;
    public const int VoltsPerPhase = 230;
    public const int MaxNominalPowerW = 100_000;
    public const int MaxMinimumSeconds = 86_400;
    public const int MaxPriority = 1000;
    public const int MaxWindows = 20;
    public const int MaxThresholdWh = 1_000_000;
    public const int MinThresholdIntervalSeconds = 60;
    public const int MaxThresholdIntervalSeconds = 3600;
    public const int MaxStepsPerGroup = 3;
    public const int MaxZonePowerW = 1_000_000;
    public const int MinMainLimitA = 6;
    public const int MaxMainLimitA = 4000;
    public const int MaxRippleLimitW = 1_000_000;
    public const int MinPeakTargetW = 100;
    public const int MaxPeakTargetW = 10_000_000;
    public const int MinCycleMilliseconds = 100;
    public const int MaxCycleMilliseconds = 10_000;
    public const int MinStaleSeconds = 1;
    public const int MaxStaleSeconds = 60;
    public const int MaxApplianceLength = 100;

    /// <summary>Every problem of <paramref name="control"/>; <paramref name="polling"/> (the same config's) adds the bus checks.</summary>
    public static IReadOnlyList<ControlProblem> Check(ControlConfig control, PollingConfig? polling)
    {
        var problems = new List<ControlProblem>();
        Site(control, problems);
        var modules = Modules(control, polling, problems);
        Relays(control, modules, problems);
        Zone(control, problems);
        LoadManagement(control, problems);
        Ripple(control.RippleControl, modules, problems);
        PeakGuard(control.PeakGuard, problems);
        GridMeters(control, polling, problems);
        return problems;
    }

    /// <summary>The site phases a charger or relay may use: L1 only on a single-phase site.</summary>
    public static bool OnSite(Phase phase, int sitePhases) => (int)phase < sitePhases;

    private static void Site(ControlConfig c, List<ControlProblem> problems)
    {
        if (c.SitePhases is not (1 or 3))
        {
            problems.Add(new(ControlProblemCode.SitePhasesInvalid, "", c.SitePhases));
        }

        Range(problems, ControlProblemCode.CycleOutOfRange, "", c.CycleMilliseconds, MinCycleMilliseconds, MaxCycleMilliseconds);
        Range(problems, ControlProblemCode.StaleAfterOutOfRange, "", c.StaleAfterSeconds, MinStaleSeconds, MaxStaleSeconds);
    }

    private static Dictionary<string, RelayModuleConfig> Modules(ControlConfig c, PollingConfig? polling, List<ControlProblem> problems)
    {
        var modules = new Dictionary<string, RelayModuleConfig>(StringComparer.Ordinal);
        var buses = polling?.Buses.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var unitIds = new HashSet<(string Bus, int Unit)>();
        foreach (var meter in polling?.Meters ?? [])
        {
            unitIds.Add((meter.BusId, meter.UnitId));
        }

        foreach (var module in c.RelayModules)
        {
            if (!Id(module.Id, problems) || !modules.TryAdd(module.Id, module))
            {
                if (Topics.IsValidId(module.Id))
                {
                    problems.Add(new(ControlProblemCode.DuplicateId, module.Id));
                }

                continue;
            }

            if (!string.Equals(module.Model, Wp8024, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(ControlProblemCode.UnknownModuleModel, module.Id));
            }

            if (buses is not null && !buses.Contains(module.BusId))
            {
                problems.Add(new(ControlProblemCode.UnknownBus, module.Id));
            }

            if (module.UnitId is < 1 or > MaxUnitId)
            {
                problems.Add(new(ControlProblemCode.UnitIdOutOfRange, module.Id, module.UnitId, 1, MaxUnitId));
            }
            else if (!unitIds.Add((module.BusId, module.UnitId)))
            {
                problems.Add(new(ControlProblemCode.UnitIdTaken, module.Id, module.UnitId));
            }
        }

        var devices = (polling?.Meters.Select(m => m.BusId) ?? []).Concat(modules.Values.Select(m => m.BusId))
            .GroupBy(b => b, StringComparer.Ordinal);
        foreach (var bus in devices.Where(g => g.Count() > MaxDevicesPerSegment))
        {
            problems.Add(new(ControlProblemCode.BusDeviceLimit, bus.Key, bus.Count(), MaxDevicesPerSegment));
        }

        return modules;
    }

    private static void Relays(ControlConfig c, Dictionary<string, RelayModuleConfig> modules, List<ControlProblem> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var coils = new HashSet<(string Module, int Coil)>();
        foreach (var relay in c.Relays)
        {
            if (Id(relay.Id, problems) && !ids.Add(relay.Id))
            {
                problems.Add(new(ControlProblemCode.DuplicateId, relay.Id));
            }

            if (!modules.ContainsKey(relay.ModuleId))
            {
                problems.Add(new(ControlProblemCode.UnknownModule, relay.Id));
            }

            if (relay.Coil is < 0 or >= Coils)
            {
                problems.Add(new(ControlProblemCode.CoilOutOfRange, relay.Id, relay.Coil, 0, Coils - 1));
            }
            else if (!coils.Add((relay.ModuleId, relay.Coil)))
            {
                problems.Add(new(ControlProblemCode.CoilTaken, relay.Id, relay.Coil));
            }

            if (string.IsNullOrWhiteSpace(relay.Appliance) || relay.Appliance.Trim().Length > MaxApplianceLength)
            {
                problems.Add(new(ControlProblemCode.ApplianceName, relay.Id));
            }

            Range(problems, ControlProblemCode.NominalPowerOutOfRange, relay.Id, relay.NominalPowerW, 1, MaxNominalPowerW);
            Range(problems, ControlProblemCode.MinimumTimeOutOfRange, relay.Id, relay.MinOnSeconds, 0, MaxMinimumSeconds);
            Range(problems, ControlProblemCode.MinimumTimeOutOfRange, relay.Id, relay.MinOffSeconds, 0, MaxMinimumSeconds);
            Range(problems, ControlProblemCode.PriorityOutOfRange, relay.Id, relay.Priority, 0, MaxPriority);
            Phases(relay.Id, relay.Phases, c.SitePhases, ControlProblemCode.RelayPhasesInvalid, problems);
            Windows(relay, problems);
            Threshold(relay, problems);
        }

        foreach (var group in c.Relays.Where(r => !string.IsNullOrEmpty(r.StepGroup)).GroupBy(r => r.StepGroup!, StringComparer.Ordinal))
        {
            if (group.Count() > MaxStepsPerGroup)
            {
                problems.Add(new(ControlProblemCode.StepGroupTooLarge, group.Key, group.Count(), MaxStepsPerGroup));
            }

            var steps = new HashSet<int>();
            foreach (var relay in group)
            {
                if (relay.StepIndex is < 0 or >= MaxStepsPerGroup)
                {
                    problems.Add(new(ControlProblemCode.StepIndexOutOfRange, relay.Id, relay.StepIndex, 0, MaxStepsPerGroup - 1));
                }
                else if (!steps.Add(relay.StepIndex))
                {
                    problems.Add(new(ControlProblemCode.StepIndexTaken, group.Key, relay.StepIndex));
                }
            }
        }
    }

    private static void Windows(RelayConfig relay, List<ControlProblem> problems)
    {
        var windows = relay.Windows ?? [];
        if (relay.Mode is RelayMode.TimerOnly or RelayMode.AutoWithTimer && windows.Count == 0)
        {
            problems.Add(new(ControlProblemCode.TimerWithoutWindows, relay.Id));
        }

        if (windows.Count > MaxWindows)
        {
            problems.Add(new(ControlProblemCode.TooManyWindows, relay.Id, windows.Count, MaxWindows));
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            if (w.Days.Count == 0 || w.Days.Any(d => !Enum.IsDefined(d)) || w.From == w.To)
            {
                problems.Add(new(ControlProblemCode.WindowInvalid, relay.Id, i + 1));
            }
        }
    }

    private static void Threshold(RelayConfig relay, List<ControlProblem> problems)
    {
        if (relay.Threshold is not { } t)
        {
            if (relay.Mode == RelayMode.Threshold)
            {
                problems.Add(new(ControlProblemCode.ThresholdMissing, relay.Id));
            }

            return;
        }

        Range(problems, ControlProblemCode.ThresholdOutOfRange, relay.Id, t.OnBelowWh, -MaxThresholdWh, MaxThresholdWh);
        Range(problems, ControlProblemCode.ThresholdOutOfRange, relay.Id, t.OffAboveWh, -MaxThresholdWh, MaxThresholdWh);
        Range(problems, ControlProblemCode.ThresholdIntervalOutOfRange, relay.Id, t.IntervalSeconds, MinThresholdIntervalSeconds, MaxThresholdIntervalSeconds);
        if (t.OnBelowWh >= t.OffAboveWh)
        {
            problems.Add(new(ControlProblemCode.ThresholdOnAboveOff, relay.Id, t.OnBelowWh, t.OffAboveWh));
        }
    }

    private static void Zone(ControlConfig c, List<ControlProblem> problems)
    {
        if (c.EvZone is not { } zone)
        {
            return;
        }

        Range(problems, ControlProblemCode.ZonePowerOutOfRange, "", zone.MaxPowerW, 0, MaxZonePowerW);
        Range(problems, ControlProblemCode.ZonePowerOutOfRange, "", zone.MinPowerW, 0, MaxZonePowerW);
        if (zone.MinPowerW > zone.MaxPowerW)
        {
            problems.Add(new(ControlProblemCode.ZoneMinAboveMax, "", zone.MinPowerW, zone.MaxPowerW));
        }

        // The smallest floor a charger of the zone can have: one phase at 6 A (1380 W).
        if (zone.Chargers.Count > 0 && zone.MaxPowerW < FloorA * VoltsPerPhase)
        {
            problems.Add(new(ControlProblemCode.ZoneMaxBelowFloor, "", zone.MaxPowerW, FloorA * VoltsPerPhase));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var charger in zone.Chargers)
        {
            if (Id(charger.Id, problems) && !ids.Add(charger.Id))
            {
                problems.Add(new(ControlProblemCode.DuplicateId, charger.Id));
            }

            Phases(charger.Id, charger.PhaseMapping, c.SitePhases, ControlProblemCode.ChargerPhaseMappingInvalid, problems);
            if (zone.Phases == ZonePhases.One && charger.PhaseMapping.Count > 1)
            {
                problems.Add(new(ControlProblemCode.ChargerPhasesNotZone, charger.Id, charger.PhaseMapping.Count));
            }

            Range(problems, ControlProblemCode.ChargerCurrentOutOfRange, charger.Id, charger.MinCurrentA, FloorA, MaxChargerA);
            Range(problems, ControlProblemCode.ChargerCurrentOutOfRange, charger.Id, charger.MaxCurrentA, FloorA, MaxChargerA);
            if (charger.MinCurrentA > charger.MaxCurrentA)
            {
                problems.Add(new(ControlProblemCode.ChargerMinAboveMax, charger.Id, charger.MinCurrentA, charger.MaxCurrentA));
            }

            Range(problems, ControlProblemCode.ConnectorOutOfRange, charger.Id, charger.ConnectorId, 1, 10);
            Range(problems, ControlProblemCode.PriorityOutOfRange, charger.Id, charger.Priority, 0, MaxPriority);
        }
    }

    private static void LoadManagement(ControlConfig c, List<ControlProblem> problems)
    {
        if (c.LoadManagement is not { } load)
        {
            return;
        }

        if (Range(problems, ControlProblemCode.MainLimitOutOfRange, "", load.MainLimitA, MinMainLimitA, MaxMainLimitA))
        {
            return;
        }

        if (Range(problems, ControlProblemCode.MarginOutOfRange, "", load.MarginA, 0, load.MainLimitA - 1))
        {
            return;
        }

        // Seed 002: every connected charger must be able to charge at its floor at once, per phase it draws on.
        var available = load.MainLimitA - load.MarginA;
        foreach (var phase in Enum.GetValues<Phase>())
        {
            var needed = (c.EvZone?.Chargers ?? []).Where(ch => ch.PhaseMapping.Contains(phase))
                .Sum(ch => (long)Math.Max(FloorA, ch.MinCurrentA));
            if (needed > available)
            {
                problems.Add(new(ControlProblemCode.MainLimitBelowChargerFloor, phase.ToString(), available, needed));
            }
        }
    }

    private static void Ripple(RippleControlConfig? ripple, Dictionary<string, RelayModuleConfig> modules, List<ControlProblem> problems)
    {
        if (ripple is null)
        {
            return;
        }

        if (!modules.ContainsKey(ripple.ModuleId))
        {
            problems.Add(new(ControlProblemCode.UnknownModule, ripple.ModuleId));
        }

        if (ripple.ReducedInput is null && ripple.LockedInput is null)
        {
            problems.Add(new(ControlProblemCode.RippleWithoutInput));
        }

        foreach (var input in new[] { ripple.ReducedInput, ripple.LockedInput }.OfType<int>())
        {
            Range(problems, ControlProblemCode.InputOutOfRange, ripple.ModuleId, input, 0, Inputs - 1);
        }

        if (ripple.ReducedInput is { } reduced && reduced == ripple.LockedInput)
        {
            problems.Add(new(ControlProblemCode.RippleInputsShared, "", reduced));
        }

        if (ripple.ReducedInput is not null && (ripple.ReducedLimitW is null) == (ripple.ReducedLimitA is null))
        {
            problems.Add(new(ControlProblemCode.RippleReducedLimit));
        }

        if (ripple.ReducedLimitW is { } w)
        {
            Range(problems, ControlProblemCode.RippleLimitOutOfRange, "W", w, 0, MaxRippleLimitW);
        }

        if (ripple.ReducedLimitA is { } a)
        {
            Range(problems, ControlProblemCode.RippleLimitOutOfRange, "A", a, 0, MaxMainLimitA);
        }
    }

    private static void PeakGuard(PeakGuardConfig? guard, List<ControlProblem> problems)
    {
        if (guard is null)
        {
            return;
        }

        if (guard.MonthlyTargetW.Count != 12)
        {
            problems.Add(new(ControlProblemCode.PeakGuardMonthCount, "", guard.MonthlyTargetW.Count));
            return;
        }

        for (var month = 0; month < 12; month++)
        {
            var target = guard.MonthlyTargetW[month];
            if (target is < MinPeakTargetW or > MaxPeakTargetW)
            {
                problems.Add(new(ControlProblemCode.PeakGuardTargetOutOfRange, "", month + 1, target, MinPeakTargetW, MaxPeakTargetW));
            }
        }
    }

    private static void GridMeters(ControlConfig c, PollingConfig? polling, List<ControlProblem> problems)
    {
        var meters = polling?.Meters.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var meter in c.GridMeterIds.Where(m => meters is not null && !meters.Contains(m)))
        {
            problems.Add(new(ControlProblemCode.UnknownGridMeter, meter));
        }

        if (c.GridMeterIds.Count == 0 && (c.Relays.Count > 0 || c.EvZone is { Chargers.Count: > 0 } || c.LoadManagement is not null))
        {
            problems.Add(new(ControlProblemCode.NoGridMeter));
        }
    }

    private static void Phases(string subject, IReadOnlyList<Phase> phases, int sitePhases, ControlProblemCode invalid, List<ControlProblem> problems)
    {
        if (phases.Count is not (1 or 3) || phases.Distinct().Count() != phases.Count || phases.Any(p => !Enum.IsDefined(p)))
        {
            problems.Add(new(invalid, subject, phases.Count));
            return;
        }

        foreach (var phase in phases.Where(p => !OnSite(p, sitePhases)))
        {
            problems.Add(new(ControlProblemCode.PhaseNotOnSite, subject, (int)phase + 1, sitePhases));
        }
    }

    private static bool Id(string id, List<ControlProblem> problems)
    {
        if (Topics.IsValidId(id))
        {
            return true;
        }

        problems.Add(new(ControlProblemCode.InvalidId, id ?? ""));
        return false;
    }

    /// <summary>Adds the problem when <paramref name="value"/> is outside; true when it was.</summary>
    private static bool Range(List<ControlProblem> problems, ControlProblemCode code, string subject, long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return false;
        }

        problems.Add(new(code, subject, value, min, max));
        return true;
    }
}
