using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Commissioning;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Control;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Telemetry;

/// <summary>
/// A gateway's configuration reaches its cabinet only when someone pushes it. A push builds the message from the
/// site's buses and meters (and what the gateway controls: relays, EV zone, load management), allocates the next version and stores the message in one transaction, and publishes
/// it, retained, only after that commit. The edge answers on config/ack.
/// </summary>
public sealed class GatewayConfigPublisher(
    IDbContextFactory<PortalDbContext> contexts,
    PortalBroker broker,
    TelemetryDirectory directory,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public const int HeartbeatSeconds = 60;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _publishing = new(StringComparer.Ordinal);

    /// <summary>Records the next version (see <see cref="RecordPushAsync"/>) and publishes it; returns it.</summary>
    public async Task<long> PushAsync(string gatewayId, CancellationToken ct = default)
    {
        var version = await RecordPushAsync(gatewayId, ct);
        await PublishPushedAsync(gatewayId, ct);
        return version;
    }

    /// <summary>
    /// Allocates the gateway's next version and stores the message carrying it, in one transaction: the increment
    /// is a single UPDATE, so concurrent pushes wait for each other and never share a version, and a later version
    /// always carries content read after the earlier one was stored. Publishing is left to the caller.
    /// Control settings that cannot work (<see cref="ControlConfigValidator"/>) refuse the push with their messages
    /// (<see cref="InputRefusedException"/>) and nothing is stored.
    /// </summary>
    public async Task<long> RecordPushAsync(string gatewayId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Gateways.Where(g => g.Id == gatewayId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.ConfigVersion, g => g.ConfigVersion + 1), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Gateway '{gatewayId}' does not exist.");
        }

        var gateway = await db.Gateways.AsNoTracking().SingleAsync(g => g.Id == gatewayId, ct);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == gateway.SiteId, ct);
        var buses = await db.Buses.AsNoTracking().Where(b => b.GatewayId == gatewayId).OrderBy(b => b.Id).ToListAsync(ct);
        var busIds = buses.Select(b => b.Id).ToList();
        var meters = await db.Meters.AsNoTracking().Where(m => busIds.Contains(m.BusId)).OrderBy(m => m.Id).ToListAsync(ct);
        var polling = PollingOf(buses, meters);
        var control = ControlConfigBuilder.Of(await ControlSettings.LoadAsync(db, gatewayId, tracked: false, ct), meters);
        if (control is not null)
        {
            InputRefusedException.ThrowIfAny(ControlConfigValidator.Check(control, polling).Select(p => ControlWords.Problem(p, text)).ToList());
        }

        var message = new GatewayConfigMessage(
            ContractVersion.Current,
            gateway.ConfigVersion,
            clock.GetUtcNow(),
            site.TimeZone,
            HeartbeatSeconds,
            polling,
            control);
        var json = Encoding.UTF8.GetString(ContractParser.Serialize(message));
        await db.Gateways.Where(g => g.Id == gatewayId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.PushedConfig, json), ct);
        await transaction.CommitAsync(ct);
        directory.Invalidate();
        return gateway.ConfigVersion;
    }

    /// <summary>
    /// Publishes, retained, the last configuration pushed to the gateway, exactly as stored; false when none was
    /// ever pushed. Publications of one gateway run one at a time and each reads the latest stored version, so the
    /// broker ends up holding the highest version even when two pushes finish in the other order.
    /// </summary>
    public async Task<bool> PublishPushedAsync(string gatewayId, CancellationToken ct = default)
    {
        var gate = _publishing.GetOrAdd(gatewayId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var pushed = await db.Gateways.AsNoTracking()
                .Where(g => g.Id == gatewayId && g.PushedConfig != null)
                .Select(g => new { g.SiteId, g.PushedConfig })
                .SingleOrDefaultAsync(ct);
            if (pushed is null)
            {
                return false;
            }

            await broker.Client.PublishAsync(
                Topics.Build(pushed.SiteId.ToString("N"), gatewayId, TopicKind.Config),
                Encoding.UTF8.GetBytes(pushed.PushedConfig!),
                Topics.QualityOfService(TopicKind.Config),
                retain: true,
                ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The polling part of the message: pure, so it is tested without a broker.</summary>
    /// <remarks>Hosts travel in canonical form (<see cref="ConverterHost"/>): IPv6 without brackets, as the edge connects.</remarks>
    public static PollingConfig PollingOf(IEnumerable<Bus> buses, IEnumerable<Meter> meters) => new(
        buses.Select(b => b.Kind == Sites.BusKind.Tcp
            ? new BusConfig(b.Id, Contracts.Mqtt.BusKind.Tcp, Host: ConverterHost.Canonical(b.Host) ?? b.Host, Port: b.Port)
            : new BusConfig(b.Id, Contracts.Mqtt.BusKind.Rtu, Device: b.Device, Baud: b.Baud, Parity: b.Parity.ToLowerInvariant(), StopBits: b.StopBits, Rs485: b.Rs485)).ToList(),
        meters.Select(m => new MeterConfig(m.Id, m.Model, m.UnitId, m.BusId)).ToList());
}
