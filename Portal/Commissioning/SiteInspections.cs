using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Data;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Commissioning;

/// <summary>A site's inspection as last assessed: the gateway first, then every meter.</summary>
public sealed record SiteInspection(
    Guid SiteId,
    bool GatewayOffline,
    string? GatewayId,
    IReadOnlyList<MeterInspection> Meters,
    DateTimeOffset AssessedAt,
    DateTime? CommissionedUtc)
{
    public int Plausible => Meters.Count(m => m.Status == InspectionStatus.Ok);
}

/// <summary>
/// Assesses every site under inspection (not yet commissioned) every <see cref="Period"/>, whether or not anyone
/// has a page open, and marks a site commissioned, with each meter's first plausible reading, once every meter
/// has answered plausibly for <see cref="ObservedFor"/>. Sites with an open inspection page are assessed too,
/// commissioned or not, and the page is handed each result; pages only show.
/// </summary>
public sealed partial class SiteInspections(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider clock,
    ILogger<SiteInspections> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Long enough for several readings per meter, so its counters are checked against its power before the site
    /// counts as commissioned; short enough that the installer waits for it on site.
    /// </summary>
    public static readonly TimeSpan ObservedFor = TimeSpan.FromSeconds(15);

    /// <summary>How far back earlier readings are kept to compare counters with power.</summary>
    private static readonly TimeSpan EarlierWindow = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, SiteInspection> _latest = new();
    private readonly SiteSubscribers<SiteInspection> _watchers = new((e, siteId) => logger.LogWarning(e, "A page watching the inspection of site {SiteId} failed", siteId));
    private readonly ConcurrentDictionary<string, LiveMeterValues> _firstPlausible = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<LiveMeterValues>> _earlier = new(StringComparer.Ordinal);

    /// <summary>The last assessment of a site, for installers and administrators (null for anyone else, or before the first).</summary>
    public SiteInspection? LatestOf(ClaimsPrincipal user, Guid siteId) =>
        MayInspect(user) ? _latest.GetValueOrDefault(siteId) : null;

    /// <summary>
    /// Hands every new assessment of the site to <paramref name="onInspection"/> (on the service's thread: queue a render only)
    /// until disposed; null for users who may not inspect sites.
    /// </summary>
    public IDisposable? Watch(ClaimsPrincipal user, Guid siteId, Action<SiteInspection> onInspection)
    {
        if (!MayInspect(user))
        {
            return null;
        }

        return _watchers.Subscribe(siteId, onInspection);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                await AssessAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(e);
            }
        }
    }

    /// <summary>One round over every site under inspection or watched; public so tests can drive it.</summary>
    public async Task AssessAsync(CancellationToken ct)
    {
        // The round's instant is taken before anything is read: a round still reading when the clock moves on must
        // not claim the later instant for readings it may have missed.
        var now = clock.GetUtcNow();
        List<Guid> sites;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var watched = _watchers.Sites;
            sites = await db.Sites.AsNoTracking()
                .Where(s => (s.CommissionedUtc == null && db.Meters.Any(m => m.SiteId == s.Id)) || watched.Contains(s.Id))
                .Select(s => s.Id)
                .ToListAsync(ct);
        }

        foreach (var siteId in sites)
        {
            try
            {
                await AssessSiteAsync(siteId, now, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One broken site must not stop the others from being commissioned.
                LogSiteFailed(e, siteId);
            }
        }
    }

    private async Task AssessSiteAsync(Guid siteId, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var commissioning = scope.ServiceProvider.GetRequiredService<SiteCommissioning>();
        var view = await commissioning.LoadAsync(siteId, ct);
        if (view is null)
        {
            _latest.TryRemove(siteId, out _);
            return;
        }

        var live = await scope.ServiceProvider.GetRequiredService<SiteTelemetry>().LiveOfAsync(siteId, ct);
        var intervals = await LatestIntervalsAsync(view, ct);
        var earlier = view.Meters.ToDictionary(m => m.Id, m => Remember(live.GetValueOrDefault(m.Id)));
        var meters = SiteCommissioning.Inspect(view, live.GetValueOrDefault, now, earlier.GetValueOrDefault, intervals.GetValueOrDefault);
        var firstPlausible = TrackFirstPlausible(meters, live);

        var commissioned = view.Site.CommissionedUtc;
        if (commissioned is null && MeterInspector.IsCommissionable(meters) && firstPlausible.All(r => now - r.MeasuredAt >= ObservedFor))
        {
            if (await commissioning.MarkCommissionedAsync(siteId, firstPlausible, ct))
            {
                LogCommissioned(siteId, meters.Count);
            }

            commissioned = (await commissioning.LoadAsync(siteId, ct))?.Site.CommissionedUtc;
        }

        var inspection = new SiteInspection(siteId, MeterInspector.GatewayOffline(view.Gateway, now), view.Gateway?.Id, meters, now, commissioned);
        _latest[siteId] = inspection;
        _watchers.Publish(siteId, inspection);
    }

    // The first reading of each meter since it last turned plausible: billing starts from a reading the inspection accepted.
    private List<LiveMeterValues> TrackFirstPlausible(IReadOnlyList<MeterInspection> meters, IReadOnlyDictionary<string, LiveMeterValues> live)
    {
        var first = new List<LiveMeterValues>(meters.Count);
        foreach (var meter in meters)
        {
            if (meter.Status == InspectionStatus.Ok && live.TryGetValue(meter.MeterId, out var reading))
            {
                first.Add(_firstPlausible.GetOrAdd(meter.MeterId, reading));
            }
            else
            {
                _firstPlausible.TryRemove(meter.MeterId, out _);
            }
        }

        return first;
    }

    // Keeps a meter's readings of the last few minutes; returns the oldest, to compare the newest with.
    private LiveMeterValues? Remember(LiveMeterValues? reading)
    {
        if (reading is null)
        {
            return null;
        }

        var kept = _earlier.GetOrAdd(reading.MeterId, _ => new Queue<LiveMeterValues>());
        lock (kept)
        {
            if (kept.Count == 0 || kept.Last().MeasuredAt < reading.MeasuredAt)
            {
                kept.Enqueue(reading);
            }

            while (kept.Count > 1 && reading.MeasuredAt - kept.Peek().MeasuredAt > EarlierWindow)
            {
                kept.Dequeue();
            }

            return kept.Peek() == reading ? null : kept.Peek();
        }
    }

    private async Task<Dictionary<string, IntervalEnergy>> LatestIntervalsAsync(SiteWizardView view, CancellationToken ct)
    {
        var meterIds = view.Meters.Select(m => m.Id).ToList();
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var recent = await db.MeterIntervals.AsNoTracking()
            .Where(i => meterIds.Contains(i.MeterId) && i.StartUtc >= since)
            .Select(i => new { i.MeterId, i.StartUtc, i.EndUtc, i.ImportWh, i.ExportWh })
            .ToListAsync(ct);
        return recent.GroupBy(i => i.MeterId)
            .Select(g => g.MaxBy(i => i.StartUtc)!)
            .ToDictionary(i => i.MeterId, i => new IntervalEnergy(i.ImportWh, i.ExportWh, i.EndUtc - i.StartUtc), StringComparer.Ordinal);
    }

    private static bool MayInspect(ClaimsPrincipal user) => user.IsInRole(Roles.Installer) || user.IsInRole(Roles.Administrator);

    [LoggerMessage(Level = LogLevel.Error, Message = "An inspection round failed; the next one runs in its turn")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inspecting site {SiteId} failed")]
    private partial void LogSiteFailed(Exception exception, Guid siteId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Site {SiteId} commissioned: all {Meters} meters answered plausibly")]
    private partial void LogCommissioned(Guid siteId, int meters);
}
