using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Portal.Telemetry;

/// <summary>
/// What the ingestion did with the broker's messages since start: stored, duplicates, and every
/// rejected message counted by reason (a malformed message is logged and counted, never stored).
/// Each count is also a metric of the meter <see cref="MeterName"/>, exportable through OpenTelemetry.
/// </summary>
public sealed class IngestionStatistics
{
    public const string MeterName = "Portal.Ingestion";

    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly Counter<long> _receivedCounter;
    private readonly Counter<long> _storedCounter;
    private readonly Counter<long> _duplicateCounter;
    private readonly Counter<long> _liveCounter;
    private readonly Counter<long> _rejectedCounter;
    private readonly Counter<long> _storeFailureCounter;
    private long _received;
    private long _intervalsStored;
    private long _intervalDuplicates;
    private long _liveStored;
    private long _storeFailures;

    public IngestionStatistics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _receivedCounter = meter.CreateCounter<long>("portal.ingestion.messages.received", "{message}", "Messages the broker delivered to the portal");
        _storedCounter = meter.CreateCounter<long>("portal.ingestion.intervals.stored", "{interval}", "Quarter-hour intervals stored for the first time");
        _duplicateCounter = meter.CreateCounter<long>("portal.ingestion.intervals.duplicates", "{interval}", "Intervals received again and already stored");
        _liveCounter = meter.CreateCounter<long>("portal.ingestion.live.stored", "{reading}", "Live readings kept as the latest of their meter");
        _rejectedCounter = meter.CreateCounter<long>("portal.ingestion.messages.rejected", "{message}", "Messages refused by the triage, by reason");
        _storeFailureCounter = meter.CreateCounter<long>("portal.ingestion.store.failures", "{batch}", "Batches that could not be committed; their messages stay unacknowledged and come again");
    }

    public long Received => Interlocked.Read(ref _received);

    public long IntervalsStored => Interlocked.Read(ref _intervalsStored);

    public long IntervalDuplicates => Interlocked.Read(ref _intervalDuplicates);

    public long LiveStored => Interlocked.Read(ref _liveStored);

    /// <summary>Batches that could not be stored, so were left unacknowledged for the broker to deliver again.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public long Rejected => _rejected.Values.Sum();

    public IReadOnlyDictionary<string, long> RejectedByReason => _rejected.ToDictionary(p => p.Key, p => p.Value);

    public void CountReceived(int count)
    {
        Interlocked.Add(ref _received, count);
        _receivedCounter.Add(count);
    }

    public void CountIntervals(int stored, int duplicates)
    {
        Interlocked.Add(ref _intervalsStored, stored);
        Interlocked.Add(ref _intervalDuplicates, duplicates);
        _storedCounter.Add(stored);
        _duplicateCounter.Add(duplicates);
    }

    public void CountLive(int stored)
    {
        Interlocked.Add(ref _liveStored, stored);
        _liveCounter.Add(stored);
    }

    public void CountStoreFailure()
    {
        Interlocked.Increment(ref _storeFailures);
        _storeFailureCounter.Add(1);
    }

    /// <summary>Counts one rejection; returns how many of that reason so far.</summary>
    public long CountRejected(string reason)
    {
        _rejectedCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }
}
