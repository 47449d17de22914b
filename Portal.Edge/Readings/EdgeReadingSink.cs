using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Portal.Edge.Intervals;
using Portal.Edge.Polling;
using Portal.Edge.Sync;

namespace Portal.Edge.Readings;

/// <summary>
/// Boundary snapshots waiting to be recorded. Recording commits to SQLite with a full fsync, which must not hold
/// up the bus loop right after a boundary, when every meter is due at once.
/// </summary>
public sealed class SnapshotQueue
{
    private readonly Channel<RegisterSnapshot> _channel = Channel.CreateUnbounded<RegisterSnapshot>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<RegisterSnapshot> Reader => _channel.Reader;

    public void Enqueue(RegisterSnapshot snapshot) => _channel.Writer.TryWrite(snapshot);
}

/// <summary>
/// Where the bus loops hand every reading: a live message (QoS 0, dropped while offline) and, for the first
/// reading after a quarter-hour boundary, a register snapshot for the interval recorder.
/// </summary>
public sealed partial class EdgeReadingSink(
    LivePublisher live,
    BoundarySnapshots boundaries,
    SnapshotQueue snapshots,
    LatestReadings latest,
    EdgeSyncOptions options,
    ILogger<EdgeReadingSink> logger) : IReadingSink
{
    public async Task OnReadingAsync(Modbus.Meters.MeterReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);

        // The snapshot first: it is billing data, the live message is only for dashboards.
        if (boundaries.Offer(reading) is { } snapshot)
        {
            snapshots.Enqueue(snapshot);
        }

        if (LiveReadings.From(options.GatewayId, reading) is { } message)
        {
            latest.Update(message);
            await live.TryPublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task OnMeterHealthAsync(MeterHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);

        // Published health reporting is a later issue; the poller already logs failures with their reason.
        LogHealth(logger, health.MeterId, health.BusId, health.Status, health.ConsecutiveFailures);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Meter {MeterId} on bus {BusId}: {Status} after {Failures} failure(s)")]
    private static partial void LogHealth(ILogger logger, string meterId, string busId, MeterHealthStatus status, int failures);
}

/// <summary>Feeds queued snapshots to <see cref="IntervalRecorder"/>; on stop, records what is still queued.</summary>
public sealed partial class IntervalRecordingService(SnapshotQueue snapshots, IntervalRecorder recorder, ILogger<IntervalRecordingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await snapshots.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false);
                RecordQueued();
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Polling stopped before this service (registration order), so nothing new arrives: keep what was read.
        RecordQueued();
    }

    private void RecordQueued()
    {
        while (snapshots.Reader.TryRead(out var snapshot))
        {
            var step = recorder.Record(snapshot);
            LogRecorded(logger, snapshot.MeterId, snapshot.TakenAt, step.Outcome);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snapshot of {MeterId} at {TakenAt:O}: {Outcome}")]
    private static partial void LogRecorded(ILogger logger, string meterId, DateTimeOffset takenAt, SnapshotOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording a boundary snapshot failed; carrying on")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
