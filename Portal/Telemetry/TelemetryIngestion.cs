using System.Threading.Channels;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>
/// Reads the gateways' messages from the broker in batches (up to <see cref="MaxBatch"/>, or
/// what arrived within a few milliseconds), triages them, stores each batch in one transaction and
/// only then acknowledges its QoS 1 messages, so a portal killed at any moment loses nothing the
/// broker accepted. A bad message is logged, counted and acknowledged (it would come back forever
/// otherwise); a batch that cannot be stored is not acknowledged: the broker sends it again.
/// </summary>
public sealed partial class TelemetryIngestion(
    PortalBroker broker,
    TelemetryDirectory directory,
    TelemetryTriage triage,
    TelemetryStore store,
    LiveMeterFeed feed,
    Control.ControlFeed control,
    IngestionStatistics statistics,
    ILogger<TelemetryIngestion> logger) : BackgroundService
{
    public const int MaxBatch = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!broker.Enabled)
        {
            LogDisabled();
            return;
        }

        await broker.StartAsync(stoppingToken);
        // Two lists in turn: one batch is read and stored while the PUBACKs of the one before are still being sent.
        var messages = new List<MqttMessage>(MaxBatch);
        var acknowledging = new List<MqttMessage>(MaxBatch);
        var acknowledged = Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                messages.Clear();
                await ReadBatchAsync(broker.Messages, messages, stoppingToken);
                await IngestAsync(messages, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Not acknowledged: a new connection makes the broker deliver the batch again.
                statistics.CountStoreFailure();
                LogBatchFailed(e, messages.Count);
                broker.Client.RequestRedelivery();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            // Committed. The previous batch's PUBACKs go out first, so the broker sees them in order; only then
            // are this batch's sent, while the next batch is already being read and stored.
            await acknowledged;
            (messages, acknowledging) = (acknowledging, messages);
            acknowledged = AcknowledgeAsync(acknowledging, stoppingToken);
        }

        await acknowledged;
    }

    private static Task AcknowledgeAsync(List<MqttMessage> messages, CancellationToken ct)
    {
        var pending = new List<Task>(messages.Count);
        foreach (var message in messages)
        {
            if (message.Acknowledgement is not null)
            {
                pending.Add(message.AcknowledgeAsync(ct));
            }
        }

        return Task.WhenAll(pending);
    }

    /// <summary>Triage and store one batch; public so tests and benchmarks can drive it without a broker.</summary>
    public async Task IngestAsync(IReadOnlyList<MqttMessage> messages, CancellationToken ct)
    {
        statistics.CountReceived(messages.Count);
        await directory.RefreshAsync(sawUnknownId: false, ct);
        var batch = new IngestionBatch();
        var rejections = new List<TelemetryTriage.Rejection>();
        var unknown = new List<MqttMessage>();
        if (triage.Sort(messages, batch, rejections, unknown))
        {
            // A gateway or meter the installer just added: look again once before refusing.
            await directory.RefreshAsync(sawUnknownId: true, ct);
            triage.Sort(unknown, batch, rejections);
        }

        foreach (var rejection in rejections)
        {
            // A flood of bad messages must not flood the log: the first ten, then every power of two.
            var count = statistics.CountRejected(rejection.Reason);
            if (count <= 10 || long.IsPow2(count))
            {
                LogRejected(rejection.Reason, rejection.Topic, rejection.Detail, count);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        var outcome = await WriteWithRetryAsync(batch, ct);
        statistics.CountIntervals(outcome.IntervalsStored, outcome.IntervalDuplicates);
        statistics.CountLive(outcome.LiveStored);
        foreach (var (live, site) in batch.Live.Values)
        {
            feed.Publish(LiveMeterValues.From(live, site));
        }

        PublishControlNews(batch, outcome.NewDecisions ?? []);
    }

    private void PublishControlNews(IngestionBatch batch, IReadOnlyList<Control.ControlDecisionRecord> decisions)
    {
        var sites = batch.ControlDecisions.Select(d => (d.Message.GatewayId, d.SiteId))
            .Concat(batch.ControlStates.Values.Select(s => (s.Message.GatewayId, s.SiteId))).Distinct();
        foreach (var (gateway, site) in sites)
        {
            var state = batch.ControlStates.TryGetValue(gateway, out var s) ? s.Message : null;
            var news = decisions.Where(d => d.GatewayId == gateway).ToList();
            if (state is not null || news.Count > 0)
            {
                control.Publish(new Control.ControlNews(site, gateway, state, news));
            }
        }
    }

    // A page's write can hold the database for a moment: retry briefly before the batch goes back to the broker.
    private async Task<TelemetryStore.Outcome> WriteWithRetryAsync(IngestionBatch batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.WriteAsync(batch, ct);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (attempt < 3 && !ct.IsCancellationRequested)
            {
                LogWriteRetry(e, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
        }
    }

    private static async Task ReadBatchAsync(ChannelReader<MqttMessage> reader, List<MqttMessage> batch, CancellationToken ct)
    {
        batch.Add(await reader.ReadAsync(ct));
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(TimeSpan.FromMilliseconds(20));
        try
        {
            while (batch.Count < MaxBatch && await reader.WaitToReadAsync(window.Token))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The batching window closed: store what arrived.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker disabled (Portal:Broker:Enabled): no telemetry is ingested")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected message ({Reason}) on {Topic}: {Detail} ({Count} so far)")]
    private partial void LogRejected(string reason, string topic, string detail, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing telemetry failed (attempt {Attempt}); retrying")]
    private partial void LogWriteRetry(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} messages failed; not acknowledged, the broker delivers them again")]
    private partial void LogBatchFailed(Exception exception, int count);
}
