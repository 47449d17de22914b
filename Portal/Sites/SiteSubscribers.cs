using System.Collections.Concurrent;

namespace Portal.Sites;

/// <summary>
/// Callbacks of open pages, per site, for news about that site (live values, inspections). A subscriber is
/// called on the publisher's thread and must only queue a re-render; one that throws is reported to
/// <c>onFailure</c> and the others are still called.
/// </summary>
public sealed class SiteSubscribers<T>(Action<Exception, Guid> onFailure)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _bySite = new();

    /// <summary>The sites someone listens to now.</summary>
    public IReadOnlyList<Guid> Sites => _bySite.Where(s => !s.Value.IsEmpty).Select(s => s.Key).ToList();

    public IDisposable Subscribe(Guid siteId, Action<T> callback)
    {
        var subscription = new Subscription(this, siteId, callback);
        _bySite.GetOrAdd(siteId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(Guid siteId, T news)
    {
        if (!_bySite.TryGetValue(siteId, out var subscribers))
        {
            return;
        }

        foreach (var subscriber in subscribers.Keys)
        {
            try
            {
                subscriber.Callback(news);
            }
            catch (Exception e)
            {
                // A broken page must not stop the news for the others.
                onFailure(e, siteId);
            }
        }
    }

    private sealed class Subscription(SiteSubscribers<T> owner, Guid siteId, Action<T> callback) : IDisposable
    {
        public Action<T> Callback => callback;

        public void Dispose()
        {
            if (owner._bySite.TryGetValue(siteId, out var subscribers))
            {
                subscribers.TryRemove(this, out _);
            }
        }
    }
}
