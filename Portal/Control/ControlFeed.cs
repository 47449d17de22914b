using Portal.Contracts.Control;
using Portal.Sites;

namespace Portal.Control;

/// <summary>What the edge reported about control, once stored: a new state and/or the decisions not seen before.</summary>
public sealed record ControlNews(Guid SiteId, string GatewayId, ControlStateMessage? State, IReadOnlyList<ControlDecisionRecord> Decisions);

/// <summary>Hands control state and decisions to the open control pages of a site as they are stored, without a reload.</summary>
public sealed class ControlFeed(ILogger<ControlFeed> logger)
{
    private readonly SiteSubscribers<ControlNews> _subscribers = new((e, _) => logger.LogWarning(e, "A control-news subscriber failed"));

    public IDisposable Subscribe(Guid siteId, Action<ControlNews> onNews) => _subscribers.Subscribe(siteId, onNews);

    public void Publish(ControlNews news) => _subscribers.Publish(news.SiteId, news);
}
