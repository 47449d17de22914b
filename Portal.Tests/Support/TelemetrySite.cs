using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Messaging;
using Portal.Sites;

namespace Portal.Tests.Support;

/// <summary>A site with one gateway, one converter bus and a few meters in a portal's database, and messages as its gateway sends them.</summary>
public sealed class TelemetrySite
{
    private TelemetrySite(Guid siteId, string gatewayId, IReadOnlyList<string> meterIds)
    {
        SiteId = siteId;
        GatewayId = gatewayId;
        MeterIds = meterIds;
    }

    public Guid SiteId { get; }

    public string GatewayId { get; }

    public IReadOnlyList<string> MeterIds { get; }

    public string SiteTopicId => SiteId.ToString("N");

    public string Name() => $"Site {GatewayId}";

    public static async Task<TelemetrySite> CreateAsync(IServiceProvider services, string gatewayId = "gw-test", int meters = 3, string? busHost = "127.0.0.1", int busPort = 1502)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var site = new Site { Name = $"Site {gatewayId}", CreatedUtc = DateTime.UtcNow };
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = gatewayId, SiteId = site.Id, Name = "Cabinet", MqttUsername = gatewayId });
        var busId = $"{gatewayId}-bus-1";
        db.Buses.Add(new Bus { Id = busId, GatewayId = gatewayId, Kind = Portal.Sites.BusKind.Tcp, Host = busHost, Port = busPort });
        var ids = Enumerable.Range(1, meters).Select(i => $"{gatewayId}-m{i}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            db.Meters.Add(new Meter { Id = ids[i], SiteId = site.Id, BusId = busId, Name = $"Meter {i + 1}", Model = "SDM630", UnitId = i + 1, Role = MeterRole.Consumer });
        }

        await db.SaveChangesAsync();
        return new TelemetrySite(site.Id, gatewayId, ids);
    }

    public string Topic(TopicKind kind) => Topics.Build(SiteTopicId, GatewayId, kind);

    public MqttMessage Interval(string meterId, DateTimeOffset start, long importWh, long exportWh = 0, long sequence = 1, string? gatewayId = null) =>
        new(Topic(TopicKind.Intervals), ContractParser.Serialize(new IntervalEnergyMessage(
            ContractVersion.Current, gatewayId ?? GatewayId, meterId, sequence, start, start.AddMinutes(15), importWh, exportWh, false)), 1, false);

    public MqttMessage Live(string meterId, DateTimeOffset at, decimal powerW, long importWh = 1000, long exportWh = 0) =>
        new(Topic(TopicKind.Live), ContractParser.Serialize(new LiveReadingMessage(
            ContractVersion.Current, GatewayId, meterId, at, powerW, importWh, exportWh)), 0, false);

    public MqttMessage Status(GatewayState state, DateTimeOffset at, long backlog = 0) =>
        new(Topic(TopicKind.Status), ContractParser.Serialize(new GatewayStatusMessage(ContractVersion.Current, GatewayId, state, at, backlog)), 1, true);

    public MqttMessage Ack(long version, ConfigOutcome outcome, DateTimeOffset at, string? reason = null) =>
        new(Topic(TopicKind.ConfigAck), ContractParser.Serialize(new ConfigAckMessage(ContractVersion.Current, GatewayId, version, outcome, at, reason)), 1, false);
}
