using System.Collections.Concurrent;
using Portal.Sites;

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
    private readonly SiteSubscribers<LiveMeterValues> _subscribers = new((e, _) => logger.LogWarning(e, "A live-value subscriber failed"));
    private readonly ConcurrentDictionary<string, LiveMeterValues> _latest = new(StringComparer.Ordinal);

    /// <summary>The latest values of a site's meters received since start.</summary>
    public IReadOnlyList<LiveMeterValues> LatestOf(Guid siteId) => _latest.Values.Where(v => v.SiteId == siteId).ToList();

    public IDisposable Subscribe(Guid siteId, Action<LiveMeterValues> onValues) => _subscribers.Subscribe(siteId, onValues);

    public void Publish(LiveMeterValues values)
    {
        _latest[values.MeterId] = values;
        _subscribers.Publish(values.SiteId, values);
    }
}
