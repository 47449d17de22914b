using Portal.Contracts.Mqtt;
using Portal.Contracts.Profiles;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Accounts;

/// <summary>
/// The demo site's past: <see cref="Days"/> days of quarter-hour intervals for every meter of the demo cabinet, from
/// the same day model as the site simulator (<see cref="LoadProfiles"/>, seed <see cref="Seed"/>, the meter's place in
/// <see cref="DemoSeeder.Meters"/> as its simulator index), so a newcomer sees full charts on the first start and the
/// history joins the live simulator without a seam. Pure: no clock, no I/O.
/// <list type="bullet">
/// <item>Each quarter-hour is the day model's power integrated with the midpoint rule over <see cref="Step"/> steps
/// (the local time of the site's zone drives the model, so DST days have 92 and 100 quarter-hours), rounded to whole Wh
/// per register: PV counts its production as export (and its few watts of standby at night as import), consumers,
/// common areas, heat pump and EV charger count consumption as import.</item>
/// <item>The grid introduction meter is net of everything, derived from the other meters' whole Wh of the same
/// quarter-hour plus <see cref="UnmeteredWh"/> (losses and the cabinet's own supply, 1 to 3 % of consumption): import
/// when the site draws from the grid, export when it feeds in. The residual (introduction minus the private meters)
/// is therefore realistic, never zero.</item>
/// <item>The edge was off for two hours on a few days (<see cref="GapStartsUtc"/>): there each meter has one interval
/// spanning 8 quarter-hours (EndUtc - StartUtc = 2 h) carrying their energy, as the real edge delivers after an
/// outage, so data-quality views have something to show.</item>
/// <item>Rows carry the demo gateway and <see cref="Sequence"/> 0: the edge numbers its messages from 1, so seeded
/// rows are told apart from delivered ones; ReceivedUtc is the interval's end.</item>
/// </list>
/// </summary>
public static class DemoHistory
{
    /// <summary>How far back the history reaches from the site-local day of the first start.</summary>
    public const int Days = 120;

    /// <summary>The simulator's profile seed when none is given (the run command gives none).</summary>
    public const int Seed = 1;

    /// <summary>Sequence number of seeded rows; the edge's start at 1.</summary>
    public const long Sequence = 0;

    /// <summary>
/// Integration step. The day model's noise is linear between whole minutes and the heat pump switches on whole
/// minutes, so one midpoint per minute is nearly exact; the EV's evening session ending between minutes is the
/// largest error (at most 11 kW for half a minute, about 90 Wh a day).
/// </summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>How long the edge was off on each gap day.</summary>
    public static readonly TimeSpan GapLength = TimeSpan.FromHours(2);

    /// <summary>The cabinet's own supply (gateway, converters, router: about 20 W) per quarter-hour, unmetered.</summary>
    public const long CabinetWh = 5;

    /// <summary>Line losses between the introduction and the private meters, as a share of their consumption.</summary>
    public const decimal LineLossShare = 0.015m;

    /// <summary>The gap days, as (days after the window's first day, site-local start): a sunny late morning, an afternoon, an evening.</summary>
    private static readonly (int Day, TimeOnly LocalStart)[] Gaps = [(17, new(11, 0)), (58, new(14, 30)), (96, new(19, 15))];

    /// <summary>The first instant of the history: site-local midnight <see cref="Days"/> days before the local day of <paramref name="now"/>.</summary>
    public static DateTime WindowStartUtc(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return QuarterHour.StartOfLocalDay(today.AddDays(-Days), zone).UtcDateTime;
    }

    /// <summary>The end of the last whole quarter-hour before <paramref name="now"/>.</summary>
    public static DateTime WindowEndUtc(DateTimeOffset now) => QuarterHour.Floor(now).UtcDateTime;

    /// <summary>Energy drawn between the grid introduction and the private meters in a quarter-hour in which they consumed <paramref name="meteredConsumptionWh"/>.</summary>
    public static long UnmeteredWh(long meteredConsumptionWh) =>
        CabinetWh + (long)Math.Round(meteredConsumptionWh * LineLossShare, MidpointRounding.AwayFromZero);

    /// <summary>Where the edge was off, for a history starting at <paramref name="fromUtc"/>: each gap lasts <see cref="GapLength"/>.</summary>
    public static IReadOnlyList<DateTime> GapStartsUtc(DateTime fromUtc, TimeZoneInfo zone)
    {
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(fromUtc, zone));
        return [.. Gaps.Select(g => TimeZoneInfo.ConvertTimeToUtc(firstDay.AddDays(g.Day).ToDateTime(g.LocalStart, DateTimeKind.Unspecified), zone))];
    }

    /// <summary>
    /// Intervals of every meter of <paramref name="meters"/> for the quarter-hours from <paramref name="fromUtc"/>
    /// (a quarter-hour boundary) up to <paramref name="toUtc"/>, ordered by start then meter; a gap only when it lies wholly inside.
    /// </summary>
    public static IReadOnlyList<MeterInterval> Generate(IReadOnlyList<DemoMeter> meters, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(zone);
        if (!QuarterHour.IsBoundary(new DateTimeOffset(fromUtc, TimeSpan.Zero)))
        {
            throw new ArgumentException($"The history starts on a quarter-hour boundary, not at {fromUtc:O}.", nameof(fromUtc));
        }

        var location = SiteLocation.Of(zone.Id);
        var pvPeakWatts = (double)(DemoSeeder.PvPeakKw * 1000);
        var kinds = meters.Select(m => KindOf(m.Role)).ToArray();
        var gaps = GapStartsUtc(fromUtc, zone).Where(g => g >= fromUtc && g + GapLength <= toUtc).ToHashSet();
        var quarterHours = Math.Max(0, (int)((toUtc - fromUtc).Ticks / QuarterHour.Length.Ticks));
        var intervals = new List<MeterInterval>(quarterHours * meters.Count);
        var imports = new double[meters.Count];
        var exports = new double[meters.Count];
        var importWh = new long[meters.Count];
        var exportWh = new long[meters.Count];
        var hours = Step.TotalHours;
        MeterInterval[]? open = null;
        for (var q = 0; q < quarterHours; q++)
        {
            var start = fromUtc + q * QuarterHour.Length;
            var end = start + QuarterHour.Length;

            // Whole-hour offsets: a quarter-hour never straddles a change of the site's offset.
            var offset = zone.GetUtcOffset(start);
            Array.Clear(imports);
            Array.Clear(exports);
            for (var at = start + Step / 2; at < end; at += Step)
            {
                var local = new DateTimeOffset(at.Ticks, TimeSpan.Zero).ToOffset(offset);
                for (var m = 0; m < meters.Count; m++)
                {
                    if (kinds[m] is not { } kind)
                    {
                        continue;
                    }

                    var (l1, l2, l3) = LoadProfiles.PhasePower(kind, m, Seed, local, pvPeakWatts, location.Latitude, location.Longitude);
                    imports[m] += (Math.Max(l1, 0) + Math.Max(l2, 0) + Math.Max(l3, 0)) * hours;
                    exports[m] += (Math.Max(-l1, 0) + Math.Max(-l2, 0) + Math.Max(-l3, 0)) * hours;
                }
            }

            long net = 0, consumption = 0;
            for (var m = 0; m < meters.Count; m++)
            {
                importWh[m] = (long)Math.Round(imports[m], MidpointRounding.AwayFromZero);
                exportWh[m] = (long)Math.Round(exports[m], MidpointRounding.AwayFromZero);
                if (kinds[m] is not null)
                {
                    net += importWh[m] - exportWh[m];
                    consumption += importWh[m];
                }
            }

            net += UnmeteredWh(consumption);
            for (var m = 0; m < meters.Count; m++)
            {
                if (meters[m].Role == MeterRole.GridIntroduction)
                {
                    (importWh[m], exportWh[m]) = (Math.Max(net, 0), Math.Max(-net, 0));
                }
            }

            if (gaps.Contains(start))
            {
                open = [.. meters.Select(m => Interval(m, start, start + GapLength))];
            }

            for (var m = 0; m < meters.Count; m++)
            {
                if (open is not null)
                {
                    open[m].ImportWh += importWh[m];
                    open[m].ExportWh += exportWh[m];
                }
                else
                {
                    var interval = Interval(meters[m], start, end);
                    interval.ImportWh = importWh[m];
                    interval.ExportWh = exportWh[m];
                    intervals.Add(interval);
                }
            }

            if (open is not null && end == open[0].EndUtc)
            {
                intervals.AddRange(open);
                open = null;
            }
        }

        return intervals;
    }

    /// <summary>The day model's profile of a meter role; null for the introduction (derived) and roles the demo has none of.</summary>
    private static LoadKind? KindOf(MeterRole role) => role switch
    {
        MeterRole.PvProduction => LoadKind.PvProduction,
        MeterRole.Consumer or MeterRole.CommonArea => LoadKind.Household,
        MeterRole.HeatPump => LoadKind.HeatPump,
        MeterRole.EvCharging => LoadKind.EvCharger,
        _ => null,
    };

    private static MeterInterval Interval(DemoMeter meter, DateTime start, DateTime end) => new()
    {
        MeterId = meter.Id,
        StartUtc = start,
        EndUtc = end,
        GatewayId = DemoSeeder.GatewayId,
        Sequence = Sequence,
        ReceivedUtc = end,
    };
}
