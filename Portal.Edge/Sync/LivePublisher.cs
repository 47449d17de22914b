using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>Live values are QoS 0 and worthless once stale: while offline they are dropped, not queued.</summary>
public sealed class LivePublisher(IMqttConnection client, EdgeSyncOptions options)
{
    private readonly string _topic = Topics.Build(options.SiteId, options.GatewayId, TopicKind.Live);

    public long Dropped { get; private set; }

    public async Task<bool> TryPublishAsync(LiveReadingMessage reading, CancellationToken cancellationToken)
    {
        try
        {
            await client.PublishAsync(_topic, ContractParser.Serialize(reading), 0, retain: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MqttException)
        {
            Dropped++;
            return false;
        }
    }
}
