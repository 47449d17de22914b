using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Edge.Control.Hosting;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>
/// Runs the sync side of the gateway: the cached config first (no broker needed), then the MQTT client, the
/// config subscription, the outbox drain and the heartbeat. Each loop backs off and carries on after errors.
/// </summary>
public sealed class EdgeSyncService(
    MqttConnection client,
    ConfigReceiver configReceiver,
    OutboxPublisher publisher,
    IntervalRecorder recorder,
    GatewayPresence presence,
    ControlOverridesStore overrides,
    ILogger<EdgeSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await configReceiver.ApplyCachedAsync(stoppingToken).ConfigureAwait(false))
        {
            logger.LogInformation("No cached config; waiting for the portal's config");
        }

        recorder.IntervalStored += (_, _) => publisher.Notify();
        configReceiver.Applied += (_, _) => presence.Notify();
        await configReceiver.SubscribeAsync(stoppingToken).ConfigureAwait(false);
        await overrides.SubscribeAsync(client, stoppingToken).ConfigureAwait(false);
        client.Start();
        await Task.WhenAll(
            publisher.RunAsync(stoppingToken),
            presence.RunAsync(stoppingToken),
            DispatchAsync(stoppingToken)).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await presence.PublishOfflineAsync("shutdown", cancellationToken).ConfigureAwait(false);
        }
        catch (MqttException)
        {
            // Not connected: the retained status is already offline (the will) or will be.
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in client.Messages.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (message.Topic == configReceiver.ConfigTopic)
                {
                    await configReceiver.HandleAsync(message, stoppingToken).ConfigureAwait(false);
                }
                else if (message.Topic == overrides.Topic)
                {
                    await overrides.HandleAsync(message, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Handling a message on {Topic} failed", message.Topic);
            }

            // Also after a failure: the retained config comes again on the next connect anyway.
            await message.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
