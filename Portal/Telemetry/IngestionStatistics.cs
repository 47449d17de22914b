using System.Collections.Concurrent;

namespace Portal.Telemetry;

/// <summary>
/// What the ingestion did with the broker's messages since start: stored, duplicates, and every
/// rejected message counted by reason (a malformed message is logged and counted, never stored).
/// </summary>
public sealed class IngestionStatistics
{
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private long _received;
    private long _intervalsStored;
    private long _intervalDuplicates;
    private long _liveStored;
    private long _storeFailures;

    public long Received => Interlocked.Read(ref _received);

    public long IntervalsStored => Interlocked.Read(ref _intervalsStored);

    public long IntervalDuplicates => Interlocked.Read(ref _intervalDuplicates);

    public long LiveStored => Interlocked.Read(ref _liveStored);

    /// <summary>Batches that could not be stored, so were left unacknowledged for the broker to deliver again.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public long Rejected => _rejected.Values.Sum();

    public IReadOnlyDictionary<string, long> RejectedByReason => _rejected.ToDictionary(p => p.Key, p => p.Value);

    public void CountReceived(int count) => Interlocked.Add(ref _received, count);

    public void CountIntervals(int stored, int duplicates)
    {
        Interlocked.Add(ref _intervalsStored, stored);
        Interlocked.Add(ref _intervalDuplicates, duplicates);
    }

    public void CountLive(int stored) => Interlocked.Add(ref _liveStored, stored);

    public void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    /// <summary>Counts one rejection; returns how many of that reason so far.</summary>
    public long CountRejected(string reason) => _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
