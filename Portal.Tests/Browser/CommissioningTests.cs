using System.Text;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Edge.Hosting;
using Portal.Simulator;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// An installer commissions a site from nothing, in Chromium, against the real portal, a real
/// mosquitto, the edge and the Modbus simulator: wizard, bulk meters with mistakes fixed, gateway
/// credentials copied into the edge, configuration pushed, every meter live and the site commissioned.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommissioningTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int Meters = 24;
    private readonly MosquittoBroker _broker = MqttTestClients.StartBroker();
    private SiteSimulation _simulation = null!;
    private SiteSimulatorHost _simulator = null!;
    private PortalServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private IHost? _edge;
    private string _edgeData = null!;

    public async Task InitializeAsync()
    {
        _simulation = new SiteSimulation(
            new SiteSimulationOptions { Ports = 1, Meters = Meters, Seed = 5 },
            new SimulationClock(TimeProvider.System, DateTimeOffset.UtcNow, speed: 1));
        _simulator = new SiteSimulatorHost(_simulation);
        _server = await PortalServer.StartWithBrokerAsync(_broker,
            $"--Portal:Broker:AccountsFile={_broker.PasswordFile}",
            $"--Portal:Broker:BrokerConfigFile={_broker.ConfigPath}");
        _edgeData = RepositoryPaths.NewTempDirectory("edge");
        _context = await browser.NewContextAsync(_server, 20_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        if (_edge is not null)
        {
            await _edge.StopAsync();
            _edge.Dispose();
        }

        await _server.DisposeAsync();
        _simulator.Dispose();
        _broker.Dispose();
    }

    [Fact]
    public async Task Installer_commissions_a_standard_site_with_24_pasted_meters_and_sees_them_all_live()
    {
        await _page.SignInAsync(await _server.CreateAccountAsync(Roles.Installer));
        await _page.ClickAsync("[data-test=new-site]");
        await FillAsync("site-name-input", "Résidence du Lac");
        await FillAsync("site-address", "Quai du Lac 3, 1800 Vevey");
        await FillAsync("main-fuse", "100");
        await FillAsync("dso-meter", "CH-1800-55501");
        await SaveStepAsync("Router");
        await FillAsync("router-serial", "RUT-240-0042");
        await SaveStepAsync("Gateway");
        await FillAsync("gateway-serial", "GW-0042");
        await _page.ClickAsync("[data-test=save-step]");

        // The installer copies the broker credentials into the gateway: here, its settings.
        var username = await _page.InnerTextAsync("[data-test=mqtt-username]");
        var password = await _page.InnerTextAsync("[data-test=mqtt-password]");
        var siteId = await _page.InnerTextAsync("[data-test=site-topic-id]");
        await StartEdgeAsync(username, password, siteId);
        await _page.ClickAsync("[data-test=next-step]");

        await FillAsync("bus-name", "Converter 1");
        await FillAsync("bus-host", "127.0.0.1");
        await FillAsync("bus-port", _simulator.TcpPortOf(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SaveStepAsync("Meters");

        // A sheet with four mistakes: unit id out of range, a CT meter without ratio, a unit id twice, an unknown bus.
        await _page.FillAsync("[data-test=meter-paste]", Sheet(mistakes: true));
        await _page.ClickAsync("[data-test=check-sheet]");
        await Assertions.Expect(_page.Locator("[data-test=cell-error]")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(_page.Locator("[data-test=save-meters]")).ToBeDisabledAsync();
        Assert.True(await _page.Locator("[data-test=cell-error]").CountAsync() >= 4);

        await _page.FillAsync("[data-test=meter-paste]", Sheet(mistakes: false));
        await _page.ClickAsync("[data-test=check-sheet]");
        await Assertions.Expect(_page.Locator("[data-test=sheet-summary]")).ToContainTextAsync($"{Meters} rows: {Meters} good, 0 with errors");
        await _page.ClickAsync("[data-test=save-meters]");
        await Assertions.Expect(_page.Locator("[data-test=meters-message]")).ToContainTextAsync($"{Meters} meters saved");

        // Single meters in the grid: an edit that clashes is refused with the reason, a good one is stored;
        // a meter added by mistake is deleted again.
        await _page.ClickAsync("[data-test=edit-3]");
        await FillAsync("edit-unit", "4");
        await _page.ClickAsync("[data-test=save-meter]");
        await Assertions.Expect(_page.Locator("[data-test=edit-error]")).ToContainTextAsync("Unit id 4");
        await FillAsync("edit-unit", "3");
        await FillAsync("edit-name", "Apartment 3 (ground floor)");
        await _page.ClickAsync("[data-test=save-meter]");
        await Assertions.Expect(_page.Locator("[data-test=site-meters]")).ToContainTextAsync("Apartment 3 (ground floor)");
        await _page.ClickAsync("[data-test=add-meter]");
        await FillAsync("edit-name", "Spare");
        await FillAsync("edit-unit", "30");
        await _page.ClickAsync("[data-test=save-meter]");
        await Assertions.Expect(_page.Locator("[data-test=site-meters]")).ToContainTextAsync("Spare");
        await _page.ClickAsync("[data-test=delete-30]");
        await _page.ClickAsync("[data-test=confirm-yes]");
        await Assertions.Expect(_page.Locator("[data-test=site-meters]")).Not.ToContainTextAsync("Spare");
        await _page.ClickAsync("[data-test=next-step]");
        await Assertions.Expect(_page.Locator("[data-test=step-Pv]")).ToHaveClassAsync("current");
        await _page.ClickAsync("[data-test=skip-step]");
        await Assertions.Expect(_page.Locator("[data-test=step-Battery]")).ToHaveClassAsync("current");
        await _page.ClickAsync("[data-test=skip-step]");
        await Assertions.Expect(_page.Locator("[data-test=step-Review]")).ToHaveClassAsync("current");

        await _page.ClickAsync("[data-test=push]");
        await Assertions.Expect(_page.Locator("[data-test=push-state]")).ToContainTextAsync("applied", new() { Timeout = 30_000 });
        await _page.ClickAsync("[data-test=go-inspection]");

        var started = DateTime.UtcNow;
        await Assertions.Expect(_page.Locator("[data-test=commissioned]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        await Assertions.Expect(_page.Locator("[data-test^=status-]").Filter(new() { HasText = "answers" })).ToHaveCountAsync(Meters);
    }

    private static string Sheet(bool mistakes)
    {
        var sheet = new StringBuilder("Name\tModel\tCT ratio\tSerial\tBus\tUnit id\tRole\tBilling point\n");
        for (var unit = 1; unit <= Meters; unit++)
        {
            var (name, role) = unit switch
            {
                1 => ("Grid introduction", "grid introduction"),
                2 => ("PV inverter", "PV production"),
                _ when unit % 10 == 0 => ($"EV charger {unit}", "EV charging"),
                _ when unit % 8 == 0 => ($"Heat pump {unit}", "heat pump"),
                _ => ($"Apartment {unit}", "consumer"),
            };
            var model = unit == 1 ? "SDM630MCT" : "SDM630";
            var ct = unit == 1 ? "200" : "";
            var bus = "Converter 1";
            var unitId = unit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (mistakes)
            {
                (ct, unitId, bus) = unit switch
                {
                    1 => ("", unitId, bus),
                    5 => (ct, "300", bus),
                    6 => (ct, "7", bus),
                    9 => (ct, unitId, "Converter 9"),
                    _ => (ct, unitId, bus),
                };
            }

            var billing = role == "consumer" ? name : "";
            sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name}\t{model}\t{ct}\t{24_200_000 + unit}\t{bus}\t{unitId}\t{role}\t{billing}\n");
        }

        return sheet.ToString();
    }

    private async Task StartEdgeAsync(string username, string password, string siteId)
    {
        _edge = EdgeHost.Build(
        [
            $"--Edge:GatewayId={username}",
            $"--Edge:SiteId={siteId}",
            $"--Edge:DataDirectory={_edgeData}",
            "--Mqtt:Host=127.0.0.1",
            $"--Mqtt:Port={_broker.Port}",
            $"--Mqtt:Username={username}",
            $"--Mqtt:Password={password}",
            "--Mqtt:KeepAliveSeconds=5",
            "--Mqtt:ReconnectDelayMaxSeconds=1",
        ]);
        await _edge.StartAsync();
    }

    private async Task SaveStepAsync(string next)
    {
        await _page.ClickAsync("[data-test=save-step]");
        await Assertions.Expect(_page.Locator($"[data-test=step-{next}]")).ToHaveClassAsync("current");
    }

    private Task FillAsync(string test, string value) => _page.FillFieldAsync(test, value);
}
