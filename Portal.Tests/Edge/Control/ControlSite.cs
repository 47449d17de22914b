using Portal.Contracts.Control;
using Portal.Edge.Control;

namespace Portal.Tests.Edge.Control;

/// <summary>
/// A hand-built site around a <see cref="ControlLoop"/> for unit tests: the house draws <see cref="BaseW"/> (negative
/// = PV exceeds the house) and <see cref="BaseA"/> per phase; relays draw their nominal power once commanded on;
/// cars draw exactly the limit they were given on their phases. Each <see cref="Step"/> feeds the loop what the
/// meter would read and applies its outputs, one second per cycle. The meter reads every cycle; with
/// <see cref="ChargerReportSeconds"/> the chargers report their draw only that often (as OCPP MeterValues do), each
/// report stamped with its time, and the loop sees the last report in between.
/// </summary>
internal sealed class ControlSite
{
    public static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    public static readonly Phase[] ThreePhase = [Phase.L1, Phase.L2, Phase.L3];
    public static readonly DateTimeOffset Noon = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly ControlConfig _config;
    private readonly Dictionary<string, ChargerReading> _reported = [];
    private GridReading? _lastReading;

    public ControlSite(ControlConfig config, DateTimeOffset? start = null, ControlTuning? tuning = null)
    {
        _config = config;
        Loop = new ControlLoop(config, Zurich, tuning);
        Now = start ?? Noon;
    }

    public ControlLoop Loop { get; }

    public DateTimeOffset Now { get; set; }

    public decimal BaseW { get; set; }

    public PhaseCurrents BaseA { get; set; } = new(0m, 0m, 0m);

    public bool MeterOnline { get; set; } = true;

    /// <summary>0: every charger reports its draw each cycle (without a time); n: every n seconds, stamped.</summary>
    public int ChargerReportSeconds { get; set; }

    public byte RippleBits { get; set; }

    public ControlOverridesMessage? Overrides { get; set; }

    public Dictionary<string, bool> Relays { get; } = [];

    public Dictionary<string, ChargerLimit> Limits { get; } = [];

    /// <summary>Plugged-in cars by charger id: the site phases the car can draw on.</summary>
    public Dictionary<string, Phase[]> Cars { get; } = [];

    public ControlCycle? Last { get; private set; }

    public static RelayConfig Relay(string id, RelayMode mode, int watts, int priority = 10, int minOn = 0, int minOff = 0,
        IReadOnlyList<TimeWindowConfig>? windows = null, ThresholdConfig? threshold = null, string? stepGroup = null, int stepIndex = 0,
        IReadOnlyList<Phase>? phases = null) =>
        new(id, "m1", 0, id, watts, mode, priority, phases ?? [Phase.L1], minOn, minOff, windows, threshold, stepGroup, stepIndex);

    public static ControlConfig Config(IReadOnlyList<RelayConfig>? relays = null, EvZoneConfig? zone = null, LoadManagementConfig? fuse = null,
        RippleControlConfig? ripple = null, PeakGuardConfig? peak = null, int staleAfterSeconds = 5) =>
        new(["grid"], [new RelayModuleConfig("m1", "WP8024", "bus1", 1)], relays ?? [], zone, fuse, ripple, peak, 3, 1000, staleAfterSeconds);

    public static ChargerConfig Charger(string id, IReadOnlyList<Phase> mapping, int priority = 100, int max = 16) =>
        new(id, mapping, MaxCurrentA: max, Priority: priority);

    public bool IsOn(string relayId) => Relays.TryGetValue(relayId, out var on) && on;

    public decimal LimitOf(string chargerId) => Limits.TryGetValue(chargerId, out var limit) ? limit.LimitA : 0m;

    public ControlCycle Step()
    {
        var gridW = BaseW;
        var currents = BaseA;
        foreach (var relay in _config.Relays)
        {
            if (IsOn(relay.Id))
            {
                gridW += relay.NominalPowerW;
                var perPhase = relay.NominalPowerW / 230m / relay.Phases.Count;
                currents = Add(currents, relay.Phases, perPhase);
            }
        }

        var chargers = new List<ChargerReading>();
        foreach (var (id, phases) in Cars)
        {
            var limit = LimitOf(id);
            var drawing = limit > 0 ? phases.Take(Limits[id].Phases).ToArray() : [];
            var draw = Add(new PhaseCurrents(0m, 0m, 0m), drawing, limit);
            gridW += (draw.L1 + draw.L2 + draw.L3) * 230m;
            currents = Electrical.Sum(currents, draw);
            var reading = new ChargerReading(id, true, limit > 0 ? "Charging" : "SuspendedEVSE", true, drawing, draw);
            if (ChargerReportSeconds > 0)
            {
                if (!_reported.TryGetValue(id, out var last) || Now - last.MeasuredAt >= TimeSpan.FromSeconds(ChargerReportSeconds))
                {
                    _reported[id] = reading with { MeasuredAt = Now };
                }

                // Status changes are reported at once (StatusNotification); currents only with the next MeterValues.
                reading = _reported[id] with { Status = reading.Status };
            }

            chargers.Add(reading);
        }

        if (MeterOnline)
        {
            // A meter measures the size of each phase current, whichever way it flows (PV feeding in on a phase).
            _lastReading = new GridReading("grid", Now, gridW, new PhaseCurrents(Math.Abs(currents.L1), Math.Abs(currents.L2), Math.Abs(currents.L3)));
        }

        // An offline meter leaves its last reading behind, growing older each cycle.
        var grid = _lastReading is null ? new List<GridReading>() : [_lastReading];
        var cycle = Loop.Step(new ControlInputs(Now, grid, new Dictionary<string, bool>(Relays), chargers,
            new Dictionary<string, byte> { ["m1"] = RippleBits }, Overrides));
        foreach (var command in cycle.RelayCommands)
        {
            Relays[command.RelayId] = command.On;
        }

        foreach (var limit in cycle.ChargerLimits)
        {
            Limits[limit.ChargerId] = limit;
        }

        Last = cycle;
        Now = Now.AddSeconds(1);
        return cycle;
    }

    public void Run(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            Step();
        }
    }

    private static PhaseCurrents Add(PhaseCurrents c, IEnumerable<Phase> phases, decimal amps)
    {
        foreach (var phase in phases)
        {
            c = phase switch
            {
                Phase.L1 => c with { L1 = c.L1 + amps },
                Phase.L2 => c with { L2 = c.L2 + amps },
                _ => c with { L3 = c.L3 + amps },
            };
        }

        return c;
    }
}
