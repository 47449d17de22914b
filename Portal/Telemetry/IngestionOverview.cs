using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Telemetry;

/// <summary>One readiness check as the administrator sees it: its name, whether it passes, and why.</summary>
public sealed record ReadinessCheck(string Name, bool Healthy, string? Description);

/// <summary>How many messages of one rejection reason the ingestion refused.</summary>
public sealed record RejectionCount(string Reason, long Count);

/// <summary>
/// What the administrator's Ingestion page shows at one instant: the ingestion's counts since start,
/// whether telemetry is on and the broker connected, and the readiness checks.
/// </summary>
public sealed record IngestionOverview(
    long Received,
    long IntervalsStored,
    long IntervalDuplicates,
    long LiveStored,
    IReadOnlyList<RejectionCount> RejectedByReason,
    bool TelemetryEnabled,
    bool BrokerConnected,
    IReadOnlyList<ReadinessCheck> Readiness)
{
    public long Rejected => RejectedByReason.Sum(r => r.Count);

    public bool Ready => Readiness.All(c => c.Healthy);

    /// <summary>The most frequent reason first, so a flood of one kind of bad message tops the list.</summary>
    public static IngestionOverview Create(IngestionStatistics statistics, bool telemetryEnabled, bool brokerConnected, HealthReport readiness) => new(
        statistics.Received,
        statistics.IntervalsStored,
        statistics.IntervalDuplicates,
        statistics.LiveStored,
        statistics.RejectedByReason
            .Select(p => new RejectionCount(p.Key, p.Value))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList(),
        telemetryEnabled,
        brokerConnected,
        readiness.Entries
            .Select(e => new ReadinessCheck(e.Key, e.Value.Status == HealthStatus.Healthy, e.Value.Description))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList());
}

/// <summary>Reads an <see cref="IngestionOverview"/> from the running ingestion, broker and health checks.</summary>
public sealed class IngestionOverviewReader(IngestionStatistics statistics, PortalBroker broker, HealthCheckService health)
{
    public async Task<IngestionOverview> ReadAsync(CancellationToken ct = default)
    {
        var readiness = await health.CheckHealthAsync(Hosting.PortalHealth.IsReadinessCheck, ct);
        return IngestionOverview.Create(statistics, broker.Enabled, broker.IsConnected, readiness);
    }
}
