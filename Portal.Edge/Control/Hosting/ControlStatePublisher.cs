using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Sync;
using Portal.Messaging;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// Publishes the control state retained (QoS 1) on <c>control/state</c> off the control cycle: only the newest state
/// waits (an older one is worthless), and while offline it waits for the broker, then the newest one goes.
/// </summary>
public sealed class ControlStatePublisher(IMqttConnection client, EdgeSyncOptions options, ILogger<ControlStatePublisher> logger)
{
    private readonly Channel<ControlStateMessage> _pending = Channel.CreateBounded<ControlStateMessage>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public string Topic { get; } = Topics.Build(options.SiteId, options.GatewayId, TopicKind.ControlState);

    public void Offer(ControlStateMessage state) => _pending.Writer.TryWrite(state);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var state = await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(options.AckTimeout);
                        await client.PublishAsync(Topic, ContractParser.Serialize(state), 1, retain: true, timeout.Token).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception ex) when (ex is MqttException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        // A newer state replaces this one if it came meanwhile.
                        if (_pending.Reader.TryRead(out var newer))
                        {
                            state = newer;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Publishing the control state failed; carrying on");
            }
        }
    }
}
