using System.Collections.Concurrent;
using System.Text;
using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>The stored retained message of one gateway: its site and the exact payload to publish.</summary>
public sealed record StoredRetained(Guid SiteId, string Payload);

/// <summary>
/// Publishes, retained, the message the portal last stored for a gateway (its pushed configuration, its control
/// overrides), exactly as stored. Publications of one gateway and kind run one at a time and each reads the latest
/// stored message, so the broker ends up holding the highest version even when two changes finish in the other order.
/// </summary>
public sealed class StoredRetainedPublisher(PortalBroker broker)
{
    private readonly ConcurrentDictionary<(string Gateway, TopicKind Kind), SemaphoreSlim> _publishing = new();

    /// <summary>False when nothing is stored (<paramref name="load"/> gives null).</summary>
    public async Task<bool> PublishAsync(string gatewayId, TopicKind kind, Func<CancellationToken, Task<StoredRetained?>> load, CancellationToken ct = default)
    {
        var gate = _publishing.GetOrAdd((gatewayId, kind), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (await load(ct) is not { } stored)
            {
                return false;
            }

            await broker.Client.PublishAsync(Topics.Build(stored.SiteId.ToString("N"), gatewayId, kind), Encoding.UTF8.GetBytes(stored.Payload),
                Topics.QualityOfService(kind), retain: true, ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
