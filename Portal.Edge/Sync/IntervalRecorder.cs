using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Edge.Intervals;

namespace Portal.Edge.Sync;

/// <summary>
/// Entry point for the polling side: hand it every boundary snapshot. It computes the interval against the
/// stored baseline and writes message and baseline to the outbox in one transaction, before any publish.
/// </summary>
public sealed class IntervalRecorder(OutboxStore store, IntervalCalculator calculator, EdgeSyncOptions options, TimeProvider time)
{
    /// <summary>Raised after an interval was stored, so the publisher can drain without waiting for its timer.</summary>
    public event EventHandler? IntervalStored;

    public IntervalStep Record(RegisterSnapshot snapshot)
    {
        var step = calculator.Next(store.GetBaseline(snapshot.MeterId), snapshot);
        if (step.NewBaseline is null)
        {
            return step;
        }

        var topic = Topics.Build(options.SiteId, options.GatewayId, TopicKind.Intervals);
        Func<long, (string, byte[])>? entryFor = step.Interval is { } interval
            ? sequence => (topic, ContractParser.Serialize(new IntervalEnergyMessage(
                ContractVersion.Current, options.GatewayId, interval.MeterId, sequence, interval.Start, interval.End,
                interval.ImportWh, interval.ExportWh, interval.CounterWentBackwards)))
            : null;
        var entry = store.Commit(step.NewBaseline, entryFor, time.GetUtcNow());
        if (entry is not null)
        {
            IntervalStored?.Invoke(this, EventArgs.Empty);
        }

        return step;
    }
}
