using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Control;

/// <summary>
/// The edge control loop for one applied <see cref="ControlConfig"/>: pure and deterministic (no I/O, no clock of its
/// own; the caller passes <see cref="ControlInputs.Now"/> from its TimeProvider). Each <see cref="Step"/> decides the
/// relays and the EV zone together in one budget (<see cref="CycleBudget"/>) and keeps the little state that needs:
/// since when each relay is in its state, the rolling grid energy for Threshold relays, the peak guard's quarter-hour
/// energy and the last charger limits. Rules: docs/edge-control.md.
/// </summary>
public sealed partial class ControlLoop
{
    private readonly ControlConfig _config;
    private readonly TimeZoneInfo _siteTimeZone;
    private readonly ControlTuning _tuning;
    private readonly RelayTrack[] _forcedOrder;
    private readonly RelayTrack[] _flexibleOrder;
    private readonly RelayTrack[] _peakBeforeZone;
    private readonly RelayTrack[] _peakAfterZone;
    private readonly RelayTrack[] _relays;
    private readonly int _zonePriority;
    private readonly ChargerTrack[] _chargers;
    private readonly GridEnergyLog? _thresholdLog;
    private readonly QuarterHourImport _quarter = new();
    private RippleMode _ripple = RippleMode.Normal;
    private bool _started;
    private bool _failSafe;
    private bool _recovering;

    public ControlLoop(ControlConfig config, TimeZoneInfo siteTimeZone, ControlTuning? tuning = null)
    {
        _config = config;
        _siteTimeZone = siteTimeZone;
        _tuning = tuning ?? ControlTuning.Default;
        var groupPriority = config.Relays.Where(r => r.StepGroup is not null)
            .GroupBy(r => r.StepGroup!)
            .ToDictionary(g => g.Key, g => g.Min(r => r.Priority));
        _relays = [.. config.Relays
            .OrderBy(r => r.StepGroup is { } g ? groupPriority[g] : r.Priority)
            .ThenBy(r => r.StepGroup ?? r.Id, StringComparer.Ordinal)
            .ThenBy(r => r.StepIndex)
            .Select(r => new RelayTrack(r))];
        _forcedOrder = [.. _relays.Where(r => !r.IsFlexible && r.Config.Mode != RelayMode.PeakGuard)];
        _flexibleOrder = [.. _relays.Where(r => r.IsFlexible)];
        _chargers = [.. (config.EvZone?.Chargers ?? []).Select(c => new ChargerTrack(c))];
        _zonePriority = _chargers.Length > 0 ? _chargers.Min(c => c.Config.Priority) : int.MaxValue;
        _peakBeforeZone = [.. _relays.Where(r => r.Config.Mode == RelayMode.PeakGuard && r.Config.Priority <= _zonePriority)];
        _peakAfterZone = [.. _relays.Where(r => r.Config.Mode == RelayMode.PeakGuard && r.Config.Priority > _zonePriority)];
        var longest = config.Relays.Where(r => r.Mode == RelayMode.Threshold && r.Threshold is not null)
            .Select(r => r.Threshold!.IntervalSeconds).DefaultIfEmpty(0).Max();
        _thresholdLog = longest > 0 ? new GridEnergyLog(TimeSpan.FromSeconds(longest)) : null;
    }

    public ControlConfig Config => _config;

    /// <summary>A loop for a pushed gateway configuration (its <see cref="GatewayConfigMessage.TimeZone"/> is the site's).</summary>
    public static ControlLoop? For(GatewayConfigMessage message, ControlTuning? tuning = null) =>
        message.Control is { } control
            ? new ControlLoop(control, TimeZoneInfo.FindSystemTimeZoneById(message.TimeZone), tuning)
            : null;

    public ControlCycle Step(ControlInputs inputs)
    {
        var now = inputs.Now.ToUniversalTime();
        var grid = GridPoint.From(_config, inputs.Grid, now);
        _ripple = RippleDecoder.Decode(_config.RippleControl, inputs.RippleInputs, _ripple);
        var wasFailSafe = _failSafe || !_started;
        _failSafe = !grid.Valid;
        if (_failSafe)
        {
            _thresholdLog?.Clear();
            _quarter.Interrupt();
            _recovering = false;
        }
        else
        {
            _recovering |= wasFailSafe;
            _thresholdLog?.Add(now, grid.PowerW);
            _quarter.Add(now, grid.PowerW);
        }

        var readings = new Dictionary<string, ChargerReading>(StringComparer.Ordinal);
        foreach (var reading in inputs.Chargers)
        {
            readings[reading.ChargerId] = reading;
        }

        var actions = new List<ControlAction>();
        var budget = OpenBudget(grid, inputs, readings, now);
        var cycle = new CycleContext(now, grid, budget, inputs.Overrides, actions);
        foreach (var relay in _forcedOrder)
        {
            DecideRelay(relay, cycle);
        }

        // Peak-guard relays are loads that stay on unless shed: those ranked before the EV zone are served before it,
        // the others get what the zone leaves (BILLING.md s.4 shedding by priority, highest number first).
        DecidePeakGuard(_peakBeforeZone, cycle);
        var zoneDone = false;
        foreach (var relay in _flexibleOrder)
        {
            if (!zoneDone && _zonePriority < relay.Config.Priority)
            {
                ShareZone(cycle, readings);
                zoneDone = true;
            }

            DecideRelay(relay, cycle);
        }

        if (!zoneDone)
        {
            ShareZone(cycle, readings);
        }

        DecidePeakGuard(_peakAfterZone, cycle);

        if (_recovering && !cycle.Throttled)
        {
            _recovering = false;
        }

        var commands = new List<RelayCommand>();
        var relayStates = new RelayState[_relays.Length];
        for (var i = 0; i < _relays.Length; i++)
        {
            var relay = _relays[i];
            var known = inputs.RelaysOn.TryGetValue(relay.Config.Id, out var readBack);
            if (known ? readBack != relay.On : relay.SwitchedAt == now || !_started)
            {
                commands.Add(new RelayCommand(relay.Config.Id, relay.On));
            }

            relayStates[i] = new RelayState(relay.Config.Id, relay.On, relay.Reason, relay.Since);
        }

        var chargerStates = new ChargerState[_chargers.Length];
        for (var i = 0; i < _chargers.Length; i++)
        {
            var charger = _chargers[i];
            readings.TryGetValue(charger.Config.Id, out var reading);
            chargerStates[i] = new ChargerState(
                charger.Config.Id,
                reading?.Connected ?? false,
                reading?.Status ?? "Unknown",
                charger.LimitDa / 10m,
                charger.Phases,
                charger.Reason,
                reading?.MeasuredPowerW,
                reading?.CurrentA);
        }

        _started = true;
        return new ControlCycle(
            now,
            commands,
            cycle.Limits,
            actions,
            relayStates,
            chargerStates,
            _failSafe,
            _ripple,
            grid.Valid ? grid.PowerW : null,
            grid.CurrentA);
    }

    /// <summary>
    /// Surplus = -(grid power) + what our own loads draw now (relays on as read back, chargers as drawn when the grid was
    /// read: <see cref="ChargerDraw"/>), so a load
    /// the loop switched on does not eat its own surplus next cycle. Fuse headroom per phase = main limit - margin -
    /// (measured phase current - what our loads draw on it).
    /// </summary>
    private CycleBudget OpenBudget(GridPoint grid, ControlInputs inputs, Dictionary<string, ChargerReading> readings, DateTimeOffset now)
    {
        var ours = 0m;
        Span<decimal> oursOnPhase = stackalloc decimal[3];
        foreach (var relay in _relays)
        {
            var on = inputs.RelaysOn.TryGetValue(relay.Config.Id, out var readBack) ? readBack : relay.On;
            if (!_started)
            {
                relay.Start(on, now);
            }

            if (on)
            {
                ours += relay.Config.NominalPowerW;
                for (var p = 0; p < 3; p++)
                {
                    if ((relay.PhaseMask & (1 << p)) != 0)
                    {
                        oursOnPhase[p] += relay.PerPhaseDa / 10m;
                    }
                }
            }
        }

        foreach (var charger in _chargers)
        {
            if (readings.TryGetValue(charger.Config.Id, out var reading))
            {
                // As drawn when the grid meter was read, not as last reported (ChargerDraw: reports lag the limits).
                var (current, powerW) = grid.Valid ? charger.Draw.At(grid.MeasuredAt, reading) : (reading.CurrentA, reading.MeasuredPowerW);
                ours += powerW;
                if (current is not null)
                {
                    for (var p = 0; p < 3; p++)
                    {
                        oursOnPhase[p] += Electrical.On(current, p);
                    }
                }
            }
        }

        var fuse = new int[3];
        for (var p = 0; p < 3; p++)
        {
            fuse[p] = _config.LoadManagement is { } lm && grid.CurrentA is { } measured
                ? (int)Math.Floor((lm.MainLimitA - lm.MarginA - (Electrical.On(measured, p) - oursOnPhase[p])) * 10m)
                : CycleBudget.Unlimited;
        }

        var ripple = _config.RippleControl;
        var reduced = _ripple == RippleMode.Reduced;
        var rippleW = reduced && ripple?.ReducedLimitW is { } w ? w : CycleBudget.Unlimited;
        var rippleDa = reduced && ripple?.ReducedLimitA is { } a ? a * 10 : CycleBudget.Unlimited;

        decimal? allowance = null;
        if (grid.Valid && _config.PeakGuard is { } guard)
        {
            var month = TimeZoneInfo.ConvertTime(now, _siteTimeZone).Month;
            if (guard.MonthlyTargetW.Count >= month)
            {
                allowance = _quarter.AllowedImportW(now, guard.MonthlyTargetW[month - 1]);
            }
        }

        return new CycleBudget(grid.Valid ? -grid.PowerW + ours : 0m, allowance, fuse, rippleW, [rippleDa, rippleDa, rippleDa]);
    }

    /// <summary>What one cycle's decisions share: its instant, budget, overrides and the changes made so far.</summary>
    private sealed class CycleContext(DateTimeOffset now, GridPoint grid, CycleBudget budget, ControlOverridesMessage? overrides, List<ControlAction> actions)
    {
        public DateTimeOffset Now { get; } = now;

        public GridPoint Grid { get; } = grid;

        public CycleBudget Budget { get; } = budget;

        public ControlOverridesMessage? Overrides { get; } = overrides;

        public List<ControlAction> Actions { get; } = actions;

        public List<ChargerLimit> Limits { get; } = [];

        public Dictionary<string, bool> LastStepOn { get; } = new(StringComparer.Ordinal);

        /// <summary>While recovering from fail-safe: one relay may switch on per cycle.</summary>
        public bool SwitchedOnOne { get; set; }

        /// <summary>Something was held back by the recovery ramp this cycle.</summary>
        public bool Throttled { get; set; }
    }
}
