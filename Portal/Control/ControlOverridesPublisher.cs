using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Localization;
using Portal.Telemetry;

namespace Portal.Control;

/// <summary>
/// Publishes a gateway's control overrides (the switch of every Manual relay and the running "charge now"s), the
/// whole set each time, retained on <c>control/overrides</c>. Like a configuration push, the next version is
/// allocated by an atomic increment in the transaction that stores the message, and published after the commit;
/// the stored message is what <see cref="PublishStoredAsync"/> republishes, byte for byte, on every reconnection.
/// </summary>
public sealed partial class ControlOverridesPublisher(
    IDbContextFactory<PortalDbContext> contexts,
    PortalBroker broker,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text,
    ILogger<ControlOverridesPublisher> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _publishing = new(StringComparer.Ordinal);

    /// <summary>Stores the gateway's overrides under the next version and publishes them; problems when the broker refused (stored anyway, republished on reconnect).</summary>
    public async Task<IReadOnlyList<string>> PublishAsync(string gatewayId, CancellationToken ct = default)
    {
        await RecordAsync(gatewayId, ct);
        try
        {
            await PublishStoredAsync(gatewayId, ct);
            return [];
        }
        catch (Messaging.MqttException e)
        {
            LogPublishFailed(e, gatewayId);
            return [text["Control.OverridesNotSent"]];
        }
    }

    /// <summary>Allocates the next version and stores the message carrying it, in one transaction; returns the version.</summary>
    public async Task<long> RecordAsync(string gatewayId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.GatewayControlSettings.AnyAsync(s => s.GatewayId == gatewayId, ct))
        {
            db.GatewayControlSettings.Add(new GatewayControlSettings { GatewayId = gatewayId });
            await db.SaveChangesAsync(ct);
        }

        await db.GatewayControlSettings.Where(s => s.GatewayId == gatewayId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OverridesVersion, x => x.OverridesVersion + 1), ct);
        var version = await db.GatewayControlSettings.Where(s => s.GatewayId == gatewayId).Select(s => s.OverridesVersion).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var manual = await db.Relays.AsNoTracking().Where(r => r.GatewayId == gatewayId && r.Mode == RelayMode.Manual)
            .OrderBy(r => r.Id).Select(r => new ManualRelayState(r.Id, r.ManualOn)).ToListAsync(ct);
        var chargers = await db.Chargers.AsNoTracking().Where(c => c.GatewayId == gatewayId && c.ChargeNowUntilUtc != null).ToListAsync(ct);
        var chargeNow = chargers.Where(c => c.ChargeNowUntilUtc > now.UtcDateTime).OrderBy(c => c.OcppId, StringComparer.Ordinal)
            .Select(c => new ChargeNowOverride(c.OcppId, new DateTimeOffset(c.ChargeNowUntilUtc!.Value, TimeSpan.Zero))).ToList();
        var message = new ControlOverridesMessage(ContractVersion.Current, version, now, manual, chargeNow);
        var json = Encoding.UTF8.GetString(ContractParser.Serialize(message));
        await db.GatewayControlSettings.Where(s => s.GatewayId == gatewayId).ExecuteUpdateAsync(s => s.SetProperty(x => x.PublishedOverrides, json), ct);
        await transaction.CommitAsync(ct);
        return version;
    }

    /// <summary>Publishes, retained, the last stored overrides of the gateway exactly as stored; false when none, or the broker is off.</summary>
    public async Task<bool> PublishStoredAsync(string gatewayId, CancellationToken ct = default)
    {
        if (!broker.Enabled)
        {
            return false;
        }

        var gate = _publishing.GetOrAdd(gatewayId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var stored = await db.GatewayControlSettings.AsNoTracking()
                .Where(s => s.GatewayId == gatewayId && s.PublishedOverrides != null)
                .Join(db.Gateways, s => s.GatewayId, g => g.Id, (s, g) => new { g.SiteId, s.PublishedOverrides })
                .SingleOrDefaultAsync(ct);
            if (stored is null)
            {
                return false;
            }

            await broker.Client.PublishAsync(
                Topics.Build(stored.SiteId.ToString("N"), gatewayId, TopicKind.ControlOverrides),
                Encoding.UTF8.GetBytes(stored.PublishedOverrides!),
                Topics.QualityOfService(TopicKind.ControlOverrides),
                retain: true,
                ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The gateways whose overrides were ever published, for the republication after a reconnect.</summary>
    public async Task<IReadOnlyList<string>> PublishedGatewaysAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.GatewayControlSettings.Where(s => s.PublishedOverrides != null).OrderBy(s => s.GatewayId).Select(s => s.GatewayId).ToListAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the control overrides of {Gateway} failed; stored, republished on reconnection")]
    private partial void LogPublishFailed(Exception exception, string gateway);
}
