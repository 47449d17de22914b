using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Data;
using Portal.Edge.Hosting;
using Portal.Simulator;
using Portal.Sites;
using MeterRole = Portal.Sites.MeterRole;
using Portal.Telemetry;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The inspection flags a dead meter and a reversed one, read live from the simulator through the edge.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectionTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string GatewayId = MqttTestClients.GatewayUser;
    private readonly MosquittoBroker _broker = MqttTestClients.StartBroker();
    private SiteSimulation _simulation = null!;
    private SiteSimulatorHost _simulator = null!;
    private PortalServer _server = null!;
    private IHost _edge = null!;
    private IBrowserContext _context = null!;
    private Guid _siteId;

    public async Task InitializeAsync()
    {
        _simulation = new SiteSimulation(new SiteSimulationOptions { Ports = 1, Meters = 6, Seed = 3 }, new SimulationClock(TimeProvider.System, DateTimeOffset.UtcNow, 1));
        _simulation.Meter(0, 3).Fault = MeterFault.Dead;
        _simulation.Meter(0, 4).Reversed = true;
        _simulator = new SiteSimulatorHost(_simulation);
        _server = await PortalServer.StartWithBrokerAsync(_broker);
        _siteId = await SeedAsync();
        _edge = EdgeHost.Build(
        [
            $"--Edge:GatewayId={GatewayId}", $"--Edge:SiteId={_siteId:N}", $"--Edge:DataDirectory={RepositoryPaths.NewTempDirectory("edge")}",
            "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={_broker.Port}", $"--Mqtt:Username={GatewayId}", $"--Mqtt:Password={MqttTestClients.GatewayPassword}",
            "--Mqtt:ReconnectDelayMaxSeconds=1",
        ]);
        await _edge.StartAsync();
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _server.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == Portal.Messaging.MqttConnectionState.Connected, connected.Token);
        await _server.App.Services.GetRequiredService<GatewayConfigPublisher>().PublishAsync(GatewayId);
        _context = await browser.NewContextAsync(_server, 30_000);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _edge.StopAsync();
        _edge.Dispose();
        await _server.DisposeAsync();
        _simulator.Dispose();
        _broker.Dispose();
    }

    [Fact]
    public async Task A_dead_meter_and_a_reversed_meter_are_flagged_and_the_site_is_not_commissioned()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync(await _server.CreateAccountAsync(Roles.Installer));

        await page.GotoAsync($"/installer/sites/{_siteId}/inspection");

        // Healthy meters turn green first; the two faulty ones stay flagged with a hint.
        foreach (var healthy in new[] { 1, 2, 5, 6 })
        {
            await Assertions.Expect(page.Locator($"[data-test=status-m{healthy}]")).ToHaveTextAsync("answers", new() { Timeout = 30_000 });
        }

        await Assertions.Expect(page.Locator("[data-test=status-m4]")).ToHaveTextAsync("reversed?");
        await Assertions.Expect(page.Locator("[data-test=hint-m4]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-test=status-m3]")).ToHaveTextAsync("not answering");
        await Assertions.Expect(page.Locator("[data-test=hint-m3]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-test=not-commissioned]")).ToContainTextAsync("4 of 6");
        await Assertions.Expect(page.Locator("[data-test=commissioned]")).ToHaveCountAsync(0);
    }

    private async Task<Guid> SeedAsync()
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var site = new Site { Name = "Inspected site" };
        site.GridConnections.Add(new GridConnection { Name = "Main", MainFuseA = 63 });
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = GatewayId, SiteId = site.Id, MqttUsername = GatewayId });
        db.Buses.Add(new Bus { Id = "conv", GatewayId = GatewayId, Name = "Converter", Kind = Portal.Sites.BusKind.Tcp, Host = "127.0.0.1", Port = _simulator.TcpPortOf(0) });
        MeterRole[] roles = [MeterRole.GridIntroduction, MeterRole.PvProduction, MeterRole.Consumer, MeterRole.Consumer, MeterRole.Consumer, MeterRole.Consumer];
        for (var unit = 1; unit <= roles.Length; unit++)
        {
            db.Meters.Add(new Meter { Id = $"m{unit}", SiteId = site.Id, BusId = "conv", Name = $"Meter {unit}", Model = "SDM630", UnitId = unit, Role = roles[unit - 1] });
        }

        await db.SaveChangesAsync();
        return site.Id;
    }
}
