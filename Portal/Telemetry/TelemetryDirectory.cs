using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Telemetry;

/// <summary>Which gateways and meters exist, and where they belong: the checks every message passes.</summary>
public sealed class TelemetryDirectory(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MinimumReloadGap = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot _snapshot = new(new Dictionary<string, Guid>(), new Dictionary<string, MeterPlace>());
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public sealed record MeterPlace(string GatewayId, Guid SiteId);

    private sealed record Snapshot(IReadOnlyDictionary<string, Guid> GatewaySites, IReadOnlyDictionary<string, MeterPlace> Meters);

    public Guid? SiteOfGateway(string gatewayId) => _snapshot.GatewaySites.TryGetValue(gatewayId, out var site) ? site : null;

    public MeterPlace? PlaceOfMeter(string meterId) => _snapshot.Meters.GetValueOrDefault(meterId);

    public void Dispose() => _reload.Dispose();

    /// <summary>Forget what was loaded, e.g. after the installer changed a site's meters.</summary>
    public void Invalidate() => _loadedAt = DateTimeOffset.MinValue;

    /// <summary>Reloads when invalidated, or when an unknown id was seen and the last load is a few seconds old.</summary>
    public async Task RefreshAsync(bool sawUnknownId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = _loadedAt == DateTimeOffset.MinValue || (sawUnknownId && now - _loadedAt >= MinimumReloadGap);
        if (!stale)
        {
            return;
        }

        await _reload.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var gateways = await db.Gateways.AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.SiteId, StringComparer.Ordinal, ct);
            var meters = await (
                from meter in db.Meters.AsNoTracking()
                join bus in db.Buses on meter.BusId equals bus.Id
                select new { meter.Id, bus.GatewayId, meter.SiteId }).ToListAsync(ct);
            _snapshot = new Snapshot(gateways, meters.ToDictionary(m => m.Id, m => new MeterPlace(m.GatewayId, m.SiteId), StringComparer.Ordinal));
            _loadedAt = now;
        }
        finally
        {
            _reload.Release();
        }
    }
}
