using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Telemetry;

namespace Portal.Tests.Telemetry;

/// <summary>The read model of the administrator's Ingestion page.</summary>
public sealed class IngestionOverviewTests
{
    [Fact]
    public void Overview_carries_every_count_and_sums_the_rejections_most_frequent_reason_first()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var statistics = new IngestionStatistics(services.GetRequiredService<IMeterFactory>());
        statistics.CountReceived(7);
        statistics.CountIntervals(stored: 3, duplicates: 1);
        statistics.CountLive(2);
        statistics.CountRejected("unknown meter");
        statistics.CountRejected("malformed payload");
        statistics.CountRejected("malformed payload");

        var overview = IngestionOverview.Create(statistics, telemetryEnabled: true, brokerConnected: false, Report(("database", HealthStatus.Healthy, "reachable"), ("broker", HealthStatus.Unhealthy, "not connected")));

        Assert.Equal((7L, 3L, 1L, 2L), (overview.Received, overview.IntervalsStored, overview.IntervalDuplicates, overview.LiveStored));
        Assert.Equal([new RejectionCount("malformed payload", 2), new RejectionCount("unknown meter", 1)], overview.RejectedByReason);
        Assert.Equal(3, overview.Rejected);
        Assert.True(overview.TelemetryEnabled);
        Assert.False(overview.BrokerConnected);
        Assert.Equal([new ReadinessCheck("broker", false, "not connected"), new ReadinessCheck("database", true, "reachable")], overview.Readiness);
        Assert.False(overview.Ready);
    }

    [Fact]
    public void A_fresh_ingestion_has_no_rejections_and_is_ready_when_every_check_passes()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var statistics = new IngestionStatistics(services.GetRequiredService<IMeterFactory>());

        var overview = IngestionOverview.Create(statistics, telemetryEnabled: false, brokerConnected: false, Report(("database", HealthStatus.Healthy, "reachable"), ("broker", HealthStatus.Healthy, "telemetry off")));

        Assert.Empty(overview.RejectedByReason);
        Assert.Equal(0, overview.Rejected);
        Assert.True(overview.Ready);
    }

    private static HealthReport Report(params (string Name, HealthStatus Status, string Description)[] checks) => new(
        checks.ToDictionary(c => c.Name, c => new HealthReportEntry(c.Status, c.Description, TimeSpan.Zero, null, null)),
        TimeSpan.Zero);
}
