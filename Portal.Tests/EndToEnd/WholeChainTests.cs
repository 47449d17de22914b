using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Messaging;
using Portal.Sites;
using Portal.Telemetry;
using Portal.Tests.Edge.EndToEnd;
using Portal.Tests.Messaging;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// Simulator -> Modbus TCP -> edge -> mosquitto -> portal ingestion -> SQLite, all real, at 600x
/// (a simulated day in about two and a half real minutes). The portal publishes the gateway's
/// configuration from its own database, as it does for a commissioned site.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class WholeChainTests(ITestOutputHelper output)
{
    private const double Speed = 600;

    // A June day (site clock UTC+1) long in the past of the portal's clock: no interval is "in the future".
    private static readonly DateTimeOffset Midnight = new(2026, 6, 20, 22, 53, 0, TimeSpan.Zero);

    [Fact]
    public async Task After_a_simulated_day_the_portal_holds_every_quarter_hour_of_every_meter_equal_to_the_ground_truth()
    {
        await using var chain = await Chain.StartAsync(Midnight, Speed);
        var first = QuarterHour.Floor(chain.Site.Now) + QuarterHour.Length;
        var end = first + TimeSpan.FromHours(24);

        await chain.Site.UntilAsync(end + TimeSpan.FromMinutes(2));
        var stored = await chain.StoredUntilAsync(end);

        chain.AssertEveryMeter(stored, first, end, output);
        Assert.Equal(0, chain.Statistics.Rejected);
        await chain.AssertLiveValuesStoredAsync();
    }

    [Fact]
    public async Task A_broker_outage_of_a_simulated_hour_and_an_edge_restart_leave_no_quarter_hour_missing_or_twice_in_the_portal()
    {
        await using var chain = await Chain.StartAsync(Midnight.AddHours(8), Speed);
        var first = QuarterHour.Floor(chain.Site.Now) + QuarterHour.Length;
        var end = first + TimeSpan.FromHours(4);

        await chain.Site.UntilAsync(first + TimeSpan.FromMinutes(50));
        chain.Site.Broker.Stop();
        await chain.Site.UntilAsync(chain.Site.Now + TimeSpan.FromHours(1));
        chain.Site.Broker.Start();
        await chain.Site.UntilAsync(chain.Site.Now + TimeSpan.FromMinutes(25));
        await chain.Site.StopEdgeAsync();
        await Task.Delay(300);
        await chain.Site.StartEdgeAsync();
        await chain.Site.UntilAsync(end + TimeSpan.FromMinutes(2));
        var stored = await chain.StoredUntilAsync(end);

        chain.AssertEveryMeter(stored, first, end, output);
        Assert.Equal(0, chain.Statistics.Rejected);
    }

    /// <summary>The simulated site and its edge (from the edge tests) plus the real portal on the same broker.</summary>
    private sealed class Chain : IAsyncDisposable
    {
        private Chain(EdgeSite site, PortalServer portal)
        {
            Site = site;
            Portal = portal;
        }

        public EdgeSite Site { get; }

        public PortalServer Portal { get; }

        public IngestionStatistics Statistics => Portal.App.Services.GetRequiredService<IngestionStatistics>();

        public static async Task<Chain> StartAsync(DateTimeOffset simulatedStart, double speed)
        {
            var siteId = Guid.NewGuid();
            var site = new EdgeSite(simulatedStart, speed, meters: 6, siteId: siteId.ToString("N"));
            var portal = await PortalServer.StartWithBrokerAsync(site.Broker);
            var chain = new Chain(site, portal);
            await chain.SeedAsync(siteId);
            using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await portal.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, connected.Token);
            await site.StartEdgeAsync();
            var version = await portal.App.Services.GetRequiredService<GatewayConfigPublisher>().PublishAsync(EdgeSite.GatewayId);
            await chain.EventuallyAsync(
                async db => await db.Gateways.Where(g => g.Id == EdgeSite.GatewayId && g.AckedConfigVersion == version && g.ConfigOutcome == "Applied").AnyAsync(),
                TimeSpan.FromSeconds(20),
                "the edge did not acknowledge the portal's configuration");
            return chain;
        }

        /// <summary>Waits until every meter's intervals reach <paramref name="end"/> in the portal's database.</summary>
        public async Task<List<MeterInterval>> StoredUntilAsync(DateTimeOffset end)
        {
            await EventuallyAsync(
                async db => await db.MeterIntervals.GroupBy(i => i.MeterId).CountAsync(g => g.Max(i => i.EndUtc) >= end.UtcDateTime) == Site.MeterIds.Count,
                TimeSpan.FromSeconds(30),
                "not every meter's intervals reached the end");
            await using var db = await Db();
            return await db.MeterIntervals.AsNoTracking().ToListAsync();
        }

        public void AssertEveryMeter(List<MeterInterval> stored, DateTimeOffset first, DateTimeOffset end, ITestOutputHelper output)
        {
            foreach (var meter in Site.Simulation.Meters)
            {
                var meterId = EdgeSite.MeterId(meter.Address.UnitId);
                var intervals = stored
                    .Where(i => i.MeterId == meterId && i.StartUtc < end.UtcDateTime)
                    .OrderBy(i => i.StartUtc)
                    .Select(i => new IntervalEnergyMessage(1, i.GatewayId, i.MeterId, i.Sequence, new DateTimeOffset(i.StartUtc, TimeSpan.Zero), new DateTimeOffset(i.EndUtc, TimeSpan.Zero), i.ImportWh, i.ExportWh, i.CounterWentBackwards))
                    .ToList();

                // Stored once per (meter, start) by construction; no gap or overlap between them, up to the end.
                // At 600x the edge's one-minute boundary tolerance is 100 real ms: a busy machine can make it miss a
                // boundary now and then, and the edge then sends one interval over both quarters (never a gap). Such
                // merged intervals are compared with the sum of their quarters' ground truth; a few a day are allowed.
                IntervalAssertions.AssertContiguous(intervals, end, orBeyond: true);
                var merged = intervals.Where(i => i.SpansMissedQuarters).ToList();
                Assert.True(merged.Count <= 3, $"{meterId}: {merged.Count} merged intervals: " + string.Join(", ", merged.Select(i => $"{i.IntervalStart:t}-{i.IntervalEnd:t}")));
                Assert.True(intervals[0].IntervalStart <= first + QuarterHour.Length, $"{meterId} starts at {intervals[0].IntervalStart:t}");
                IntervalAssertions.AssertMatchesGroundTruth(output, Site, meter.Address.UnitId, intervals);
            }
        }

        public async Task AssertLiveValuesStoredAsync()
        {
            await using var db = await Db();
            var live = await db.MeterLiveReadings.AsNoTracking().ToListAsync();
            Assert.Equal(Site.MeterIds.Order(), live.Select(l => l.MeterId).Order());
            Assert.All(live, l => Assert.InRange(l.VoltageL1 ?? 0m, 200m, 260m));
        }

        public async Task EventuallyAsync(Func<PortalDbContext, Task<bool>> condition, TimeSpan within, string failure)
        {
            var deadline = DateTime.UtcNow + within;
            while (true)
            {
                await using (var db = await Db())
                {
                    if (await condition(db))
                    {
                        return;
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, failure);
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Site.DisposeAsync();
            await Portal.DisposeAsync();
        }

        private async Task<PortalDbContext> Db() =>
            await Portal.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        private async Task SeedAsync(Guid siteId)
        {
            await using var db = await Db();
            db.Sites.Add(new Site { Id = siteId, Name = "Simulated site" });
            db.Gateways.Add(new Gateway { Id = EdgeSite.GatewayId, SiteId = siteId, Name = "Cabinet", MqttUsername = EdgeSite.GatewayId });
            db.Buses.Add(new Bus { Id = "conv-0", GatewayId = EdgeSite.GatewayId, Kind = Sites.BusKind.Tcp, Host = "127.0.0.1", Port = Site.Simulator.TcpPortOf(0) });
            foreach (var meter in Site.Simulation.Meters)
            {
                db.Meters.Add(new Meter
                {
                    Id = EdgeSite.MeterId(meter.Address.UnitId),
                    SiteId = siteId,
                    BusId = "conv-0",
                    Name = $"Meter {meter.Address.UnitId}",
                    Model = "SDM630",
                    UnitId = meter.Address.UnitId,
                });
            }

            await db.SaveChangesAsync();
        }
    }
}
