using System.Collections.Concurrent;

namespace Portal.Telemetry;

/// <summary>The latest instantaneous values of one meter, as pages show them.</summary>
public sealed record LiveMeterValues(
    string MeterId,
    Guid SiteId,
    DateTimeOffset MeasuredAt,
    decimal ActivePowerW,
    decimal ImportKwh,
    decimal ExportKwh,
    decimal? VoltageL1 = null,
    decimal? VoltageL2 = null,
    decimal? VoltageL3 = null,
    decimal? CurrentL1 = null,
    decimal? CurrentL2 = null,
    decimal? CurrentL3 = null,
    decimal? PowerL1 = null,
    decimal? PowerL2 = null,
    decimal? PowerL3 = null,
    decimal? FrequencyHz = null)
{
    public static LiveMeterValues From(Portal.Contracts.Mqtt.LiveReadingMessage live, Guid siteId) => new(
        live.MeterId, siteId, live.MeasuredAt, live.ActivePowerW, live.ImportRegisterWh / 1000m, live.ExportRegisterWh / 1000m,
        live.VoltageV?.L1, live.VoltageV?.L2, live.VoltageV?.L3, live.CurrentA?.L1, live.CurrentA?.L2, live.CurrentA?.L3,
        live.ActivePowerPhaseW?.L1, live.ActivePowerPhaseW?.L2, live.ActivePowerPhaseW?.L3, live.FrequencyHz);
}

/// <summary>
/// Hands live values to the open pages of a site as they arrive, without a reload. Subscribers
/// are called on the ingestion thread and must only queue a re-render.
/// </summary>
public sealed class LiveMeterFeed(ILogger<LiveMeterFeed> logger)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _bySite = new();
    private readonly ConcurrentDictionary<string, LiveMeterValues> _latest = new(StringComparer.Ordinal);

    /// <summary>The latest values of a site's meters received since start.</summary>
    public IReadOnlyList<LiveMeterValues> LatestOf(Guid siteId) => _latest.Values.Where(v => v.SiteId == siteId).ToList();

    public IDisposable Subscribe(Guid siteId, Action<LiveMeterValues> onValues)
    {
        var subscription = new Subscription(this, siteId, onValues);
        _bySite.GetOrAdd(siteId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(LiveMeterValues values)
    {
        _latest[values.MeterId] = values;
        if (!_bySite.TryGetValue(values.SiteId, out var subscribers))
        {
            return;
        }

        foreach (var subscriber in subscribers.Keys)
        {
            try
            {
                subscriber.OnValues(values);
            }
            catch (Exception e)
            {
                // A broken page must not stop the feed for the others.
                logger.LogWarning(e, "A live-value subscriber failed");
            }
        }
    }

    private sealed class Subscription(LiveMeterFeed feed, Guid siteId, Action<LiveMeterValues> onValues) : IDisposable
    {
        public Action<LiveMeterValues> OnValues => onValues;

        public void Dispose()
        {
            if (feed._bySite.TryGetValue(siteId, out var subscribers))
            {
                subscribers.TryRemove(this, out _);
            }
        }
    }
}
