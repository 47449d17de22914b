using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Commissioning;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Energy;
using Portal.Messaging;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Tests.Support;

/// <summary>A meter of an <see cref="EnergySite"/>: its id, role and (for consumers) the billing point it belongs to.</summary>
public sealed record EnergyMeter(string Id, MeterRole Role, string? BillingPoint = null);

/// <summary>
/// A site with meters of any role in a running portal's database, whose intervals go through the real ingestion
/// (triage, store, balance queue) and whose balances are then computed by the real <see cref="EnergyBalanceStore"/>.
/// </summary>
public sealed class EnergySite
{
    private readonly IServiceProvider _services;
    private long _sequence;

    private EnergySite(IServiceProvider services, Guid siteId, string gatewayId, IReadOnlyDictionary<string, Guid> billingPoints)
    {
        _services = services;
        SiteId = siteId;
        GatewayId = gatewayId;
        BillingPoints = billingPoints;
    }

    public Guid SiteId { get; }

    public string GatewayId { get; }

    /// <summary>Billing point ids by name.</summary>
    public IReadOnlyDictionary<string, Guid> BillingPoints { get; }

    public static async Task<EnergySite> CreateAsync(IServiceProvider services, SiteType type, Guid? ownerId, params EnergyMeter[] meters)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var gatewayId = $"gw-{Guid.NewGuid():N}"[..20];
        var site = new Site { Name = $"Energy site {gatewayId}", Type = type, OwnerId = ownerId, CreatedUtc = DateTime.UtcNow, TimeZone = "Europe/Zurich" };
        db.Sites.Add(site);
        var points = meters.Where(m => m.BillingPoint is not null).Select(m => m.BillingPoint!).Distinct()
            .ToDictionary(name => name, name => new BillingPoint { Name = name, SiteId = site.Id });
        db.BillingPoints.AddRange(points.Values);
        db.Gateways.Add(new Gateway { Id = gatewayId, SiteId = site.Id, Name = "Cabinet", MqttUsername = gatewayId });
        var busId = $"{gatewayId}-bus";
        db.Buses.Add(new Bus { Id = busId, GatewayId = gatewayId, Kind = Portal.Sites.BusKind.Tcp, Host = "127.0.0.1", Port = 1502 });
        var unit = 1;
        foreach (var meter in meters)
        {
            db.Meters.Add(new Meter
            {
                Id = meter.Id, SiteId = site.Id, BusId = busId, Name = meter.Id, Model = "SDM630", UnitId = unit++, Role = meter.Role,
                BillingPointId = meter.BillingPoint is { } name ? points[name].Id : null,
            });
        }

        await db.SaveChangesAsync();
        services.GetRequiredService<TelemetryDirectory>().Invalidate();
        return new EnergySite(services, site.Id, gatewayId, points.ToDictionary(p => p.Key, p => p.Value.Id));
    }

    /// <summary>Delivers intervals as the gateway would (end = start + <paramref name="quarters"/> quarter-hours).</summary>
    public async Task DeliverAsync(params (string MeterId, DateTime StartUtc, long ImportWh, long ExportWh)[] intervals) =>
        await DeliverAsync(intervals.Select(i => (i.MeterId, i.StartUtc, 1, i.ImportWh, i.ExportWh)).ToArray());

    public Task DeliverAsync(params (string MeterId, DateTime StartUtc, int Quarters, long ImportWh, long ExportWh)[] intervals) =>
        DeliverAsync(counterWentBackwards: false, intervals);

    /// <summary>Delivers quarter-hours whose counter went backwards (the edge saw a register lower than before).</summary>
    public Task DeliverBackwardsAsync(string meterId, params DateTime[] startsUtc) =>
        DeliverAsync(counterWentBackwards: true, startsUtc.Select(start => (meterId, start, 1, 0L, 0L)).ToArray());

    private async Task DeliverAsync(bool counterWentBackwards, (string MeterId, DateTime StartUtc, int Quarters, long ImportWh, long ExportWh)[] intervals)
    {
        var topic = Topics.Build(SiteId.ToString("N"), GatewayId, TopicKind.Intervals);
        var messages = intervals.Select(i => new MqttMessage(topic, ContractParser.Serialize(new IntervalEnergyMessage(
            ContractVersion.Current, GatewayId, i.MeterId, Interlocked.Increment(ref _sequence),
            new DateTimeOffset(i.StartUtc, TimeSpan.Zero), new DateTimeOffset(i.StartUtc, TimeSpan.Zero) + (QuarterHour.Length * i.Quarters),
            i.ImportWh, i.ExportWh, counterWentBackwards)), 1, false)).ToList();
        await _services.GetRequiredService<TelemetryIngestion>().IngestAsync(messages, default);
    }

    /// <summary>Computes what the deliveries queued (what the background worker does a moment later).</summary>
    public Task<int> BalanceAsync() => _services.GetRequiredService<EnergyBalanceStore>().CatchUpAsync();

    public Task<SiteEnergy> TotalAsync(DateTime fromUtc, DateTime toUtc) =>
        _services.GetRequiredService<EnergyHistory>().SiteTotalAsync(SiteId, fromUtc, toUtc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"));
}
