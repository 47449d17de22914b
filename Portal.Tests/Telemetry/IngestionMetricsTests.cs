using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Telemetry;

namespace Portal.Tests.Telemetry;

/// <summary>The ingestion's counts leave the process as metrics (System.Diagnostics.Metrics, read by OpenTelemetry).</summary>
public sealed class IngestionMetricsTests
{
    [Fact]
    public void Every_count_is_published_as_a_metric_and_rejections_carry_their_reason()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var statistics = new IngestionStatistics(services.GetRequiredService<IMeterFactory>());
        var measured = new List<(string Name, long Value, string? Reason)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestionStatistics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            measured.Add((instrument.Name, value, reason));
        });
        listener.Start();

        statistics.CountReceived(3);
        statistics.CountIntervals(stored: 2, duplicates: 1);
        statistics.CountLive(4);
        statistics.CountRejected("unknown-meter");
        statistics.CountRejected("unknown-meter");
        statistics.CountStoreFailure();

        Assert.Contains(("portal.ingestion.messages.received", 3L, (string?)null), measured);
        Assert.Contains(("portal.ingestion.intervals.stored", 2L, (string?)null), measured);
        Assert.Contains(("portal.ingestion.intervals.duplicates", 1L, (string?)null), measured);
        Assert.Contains(("portal.ingestion.live.stored", 4L, (string?)null), measured);
        Assert.Equal(2, measured.Count(m => m is { Name: "portal.ingestion.messages.rejected", Reason: "unknown-meter" }));
        Assert.Contains(("portal.ingestion.store.failures", 1L, (string?)null), measured);
        Assert.Equal(2, statistics.RejectedByReason["unknown-meter"]);
    }
}
