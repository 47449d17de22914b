using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>
/// Retained online/offline status on the status topic. Online is repeated as a heartbeat (with the outbox
/// backlog); offline is the last will, and is also published on a clean shutdown because a clean DISCONNECT
/// suppresses the will.
/// </summary>
public sealed class GatewayPresence(IMqttConnection client, OutboxStore store, EdgeSyncOptions options, TimeProvider time)
{
    private string StatusTopic => Topics.Build(options.SiteId, options.GatewayId, TopicKind.Status);

    /// <summary>Give this to <see cref="MqttConnectionOptions.Will"/>.</summary>
    public static MqttWill Will(EdgeSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offline = new GatewayStatusMessage(ContractVersion.Current, options.GatewayId, GatewayState.Offline, Reason: "connection lost");
        return new MqttWill(Topics.Build(options.SiteId, options.GatewayId, TopicKind.Status), ContractParser.Serialize(offline), 1, Retain: true);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var connections = 0;
            try
            {
                await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, cancellationToken).ConfigureAwait(false);
                connections = client.Status.Connections;
                var online = new GatewayStatusMessage(ContractVersion.Current, options.GatewayId, GatewayState.Online, time.GetUtcNow(), store.Count());
                await client.PublishAsync(StatusTopic, ContractParser.Serialize(online), 1, retain: true, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttException)
            {
                // Lost the connection in between; the next connection publishes again.
            }

            // Next heartbeat at the interval, or at once after a reconnect (the will may have replaced "online").
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.HeartbeatInterval);
            try
            {
                await client.WaitForStatusAsync(s => s.Connections > connections || s.State != MqttConnectionState.Connected, wait.Token).ConfigureAwait(false);
                await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    public async Task PublishOfflineAsync(string reason, CancellationToken cancellationToken)
    {
        var offline = new GatewayStatusMessage(ContractVersion.Current, options.GatewayId, GatewayState.Offline, time.GetUtcNow(), store.Count(), reason);
        await client.PublishAsync(StatusTopic, ContractParser.Serialize(offline), 1, retain: true, cancellationToken).ConfigureAwait(false);
    }
}
