using Microsoft.EntityFrameworkCore;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Sites;

namespace Portal.Telemetry;

/// <summary>
/// Builds a gateway's configuration from the site's buses and meters and publishes it, retained
/// and versioned, to the gateway's config topic. The edge answers on config/ack.
/// </summary>
public sealed class GatewayConfigPublisher(
    IDbContextFactory<PortalDbContext> contexts,
    PortalBroker broker,
    TelemetryDirectory directory,
    TimeProvider clock)
{
    public const int HeartbeatSeconds = 60;

    /// <summary>Publishes the next version; returns it.</summary>
    public async Task<long> PublishAsync(string gatewayId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gateway = await db.Gateways.SingleAsync(g => g.Id == gatewayId, ct);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == gateway.SiteId, ct);
        var buses = await db.Buses.AsNoTracking().Where(b => b.GatewayId == gatewayId).OrderBy(b => b.Id).ToListAsync(ct);
        var busIds = buses.Select(b => b.Id).ToList();
        var meters = await db.Meters.AsNoTracking().Where(m => busIds.Contains(m.BusId)).OrderBy(m => m.Id).ToListAsync(ct);

        gateway.ConfigVersion++;
        var message = new GatewayConfigMessage(
            ContractVersion.Current,
            gateway.ConfigVersion,
            clock.GetUtcNow(),
            site.TimeZone,
            HeartbeatSeconds,
            PollingOf(buses, meters));
        await broker.Client.PublishAsync(
            Topics.Build(site.Id.ToString("N"), gatewayId, TopicKind.Config),
            ContractParser.Serialize(message),
            Topics.QualityOfService(TopicKind.Config),
            retain: true,
            ct);
        // Saved only once the broker holds it, so the version shown is one the edge can receive.
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return gateway.ConfigVersion;
    }

    /// <summary>The polling part of the message: pure, so it is tested without a broker.</summary>
    public static PollingConfig PollingOf(IEnumerable<Bus> buses, IEnumerable<Meter> meters) => new(
        buses.Select(b => b.Kind == Sites.BusKind.Tcp
            ? new BusConfig(b.Id, Contracts.Mqtt.BusKind.Tcp, Host: b.Host, Port: b.Port)
            : new BusConfig(b.Id, Contracts.Mqtt.BusKind.Rtu, Device: b.Device, Baud: b.Baud, Parity: b.Parity.ToLowerInvariant(), StopBits: b.StopBits)).ToList(),
        meters.Select(m => new MeterConfig(m.Id, m.Model, m.UnitId, m.BusId)).ToList());
}
