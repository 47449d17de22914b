using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>Implemented by the polling side: how many buses poll now.</summary>
public interface IPollingStatus
{
    int BusesPolling { get; }
}

/// <summary>What the gateway reports as its readiness: connected, a configuration applied, buses polling.</summary>
public sealed record EdgeReadiness(bool BrokerConnected, long? ConfigVersion, int BusesPolling)
{
    public bool Ready => BrokerConnected && ConfigVersion is not null && BusesPolling > 0;

    public override string ToString() =>
        $"broker {(BrokerConnected ? "connected" : "not connected")}, " +
        (ConfigVersion is { } version ? $"configuration version {version} applied" : "no configuration yet") +
        $", {BusesPolling} bus(es) polling";
}

/// <summary>
/// Retained online/offline status on the status topic. Online is repeated as a heartbeat (with the outbox
/// backlog and the readiness) and published at once after a new configuration; offline is the last will, and is
/// also published on a clean shutdown because a clean DISCONNECT suppresses the will. Readiness changes are logged.
/// </summary>
public sealed partial class GatewayPresence(
    IMqttConnection client,
    OutboxStore store,
    ConfigReceiver config,
    IPollingStatus polling,
    EdgeSyncOptions options,
    TimeProvider time,
    ILogger<GatewayPresence> logger)
{
    // Capacity 1 and DropWrite: notifications coalesce into a single pending wake-up.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool? _wasReady;

    private string StatusTopic => Topics.Build(options.SiteId, options.GatewayId, TopicKind.Status);

    /// <summary>The readiness now.</summary>
    public EdgeReadiness Readiness => new(client.IsConnected, config.AppliedVersion, polling.BusesPolling);

    /// <summary>Give this to <see cref="MqttConnectionOptions.Will"/>.</summary>
    public static MqttWill Will(EdgeSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offline = new GatewayStatusMessage(ContractVersion.Current, options.GatewayId, GatewayState.Offline, Reason: "connection lost");
        return new MqttWill(Topics.Build(options.SiteId, options.GatewayId, TopicKind.Status), ContractParser.Serialize(offline), 1, Retain: true);
    }

    /// <summary>Something the status reports changed (a configuration applied): publish it now, not at the next heartbeat.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var connections = 0;
            try
            {
                await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, cancellationToken).ConfigureAwait(false);
                connections = client.Status.Connections;
                var readiness = Readiness;
                LogReadinessChange(readiness);
                var online = new GatewayStatusMessage(
                    ContractVersion.Current, options.GatewayId, GatewayState.Online, time.GetUtcNow(), store.Count(),
                    ConfigVersion: readiness.ConfigVersion, BusesPolling: readiness.BusesPolling, Ready: readiness.Ready);
                await client.PublishAsync(StatusTopic, ContractParser.Serialize(online), 1, retain: true, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttException)
            {
                // Lost the connection in between; the next connection publishes again.
            }

            // Next heartbeat at the interval, at once after a reconnect (the will may have replaced "online"),
            // or when notified.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.HeartbeatInterval);
            try
            {
                var reconnected = client.WaitForStatusAsync(s => s.Connections > connections || s.State != MqttConnectionState.Connected, wait.Token);
                var notified = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
                await Task.WhenAny(reconnected, notified).ConfigureAwait(false);
                _wake.Reader.TryRead(out _);
                if (reconnected.IsCompletedSuccessfully)
                {
                    await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, wait.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                await wait.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task PublishOfflineAsync(string reason, CancellationToken cancellationToken)
    {
        var offline = new GatewayStatusMessage(ContractVersion.Current, options.GatewayId, GatewayState.Offline, time.GetUtcNow(), store.Count(), reason);
        await client.PublishAsync(StatusTopic, ContractParser.Serialize(offline), 1, retain: true, cancellationToken).ConfigureAwait(false);
    }

    private void LogReadinessChange(EdgeReadiness readiness)
    {
        if (_wasReady == readiness.Ready)
        {
            return;
        }

        _wasReady = readiness.Ready;
        if (readiness.Ready)
        {
            LogReady(readiness.ToString());
        }
        else
        {
            LogNotReady(readiness.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge ready: {Readiness}")]
    private partial void LogReady(string readiness);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge not ready: {Readiness}")]
    private partial void LogNotReady(string readiness);
}
