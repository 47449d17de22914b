using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Sites;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// The owner's energy dashboard in a browser, on a site with three days of balanced data: charts, a period change
/// that changes the key figures, the Sankey's numbers against the key figures, live power, and another owner refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteEnergyDashboardTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    /// <summary>The middle of three days with data, all before today: its month always holds at least one more of them.</summary>
    private static DateOnly Shown => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Zurich)).AddDays(-2);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(EnergySite Site, string Owner)> SiteWithThreeDaysAsync()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await EnergySite.CreateAsync(Server.App.Services, SiteType.StandardRcp, await Server.IdOfAsync(owner),
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        var intervals = new List<(string, DateTime, long, long)>();
        for (var day = -1; day <= 1; day++)
        {
            var midnight = Portal.Energy.EnergyBuckets.LocalMidnight(Shown.AddDays(day), Zurich);
            for (var quarter = 0; quarter < 96; quarter++)
            {
                var start = midnight.AddMinutes(15 * quarter);
                // A bell of sun around noon, a little more each day; the apartments use a steady 150 and 100 Wh.
                var pv = Math.Max(0, (long)((600 + (100 * day)) * Math.Sin(Math.PI * (quarter - 28) / 48)));
                var net = 250 - pv;
                intervals.AddRange([("pv", start, 0L, pv), ("apt-1", start, 150L, 0L), ("apt-2", start, 100L, 0L), ("grid", start, Math.Max(0, net), Math.Max(0, -net))]);
            }
        }

        await site.DeliverAsync([.. intervals]);
        await site.BalanceAsync();
        return (site, owner);
    }

    private Task InteractiveAsync() =>
        Assertions.Expect(Page.Locator("[data-test=energy-title]")).ToHaveAttributeAsync("data-interactive", "yes");

    private ILocator Kpi(string name) => Page.Locator($"[data-test=kpi-{name}] [data-test=kpi-value]");

    [Fact]
    public async Task Owner_sees_charts_and_changes_the_period_and_the_Sankey_shows_the_key_figures()
    {
        var (site, owner) = await SiteWithThreeDaysAsync();
        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=energy-link]");
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/energy");
        await InteractiveAsync();

        // The period is in the address: a shared link opens the same day.
        await Page.GotoAsync($"/sites/{site.SiteId}/energy?period=day&from={Iso(Shown)}");
        await InteractiveAsync();
        // One drawn line per series (production, consumption, solar used, import, export), through every quarter-hour.
        var lines = Page.Locator("[data-test=energy-chart] svg path.mud-chart-serie");
        await Assertions.Expect(lines.First).ToBeVisibleAsync();
        Assert.Equal(5, await lines.CountAsync());
        Assert.True((await lines.First.GetAttributeAsync("d"))!.Split('L').Length >= 96);
        await Assertions.Expect(Page.Locator("[data-test=heatmap-day]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=billing-point-energy] [data-test=consumed]").First).ToHaveTextAsync(14.4m.ToString("N1", new CultureInfo("en-CH")) + " kWh");
        foreach (var (kpi, sankey) in new[] { ("Production", "production"), ("Consumption", "consumption"), ("GridImport", "grid-import"), ("GridExport", "grid-export"), ("SolarUsed", "solar-used") })
        {
            var shown = await Kpi(kpi).TextContentAsync();
            Assert.EndsWith(" kWh", shown);
            await Assertions.Expect(Page.Locator($"[data-test=sankey-{sankey}]")).ToHaveTextAsync(shown!);
        }

        var dayProduction = await Kpi("Production").TextContentAsync();
        await Page.ClickAsync("[data-test=period-month]");
        await Page.WaitForURLAsync("**period=month**");
        await Assertions.Expect(Kpi("Production")).Not.ToHaveTextAsync(dayProduction!);
        var monthProduction = await Kpi("Production").TextContentAsync();
        await Assertions.Expect(Page.Locator("[data-test=sankey-production]")).ToHaveTextAsync(monthProduction!);

        await FitsAPhoneAsync("month");

        await Page.ClickAsync("[data-test=period-previous]");
        await Page.WaitForURLAsync($"**from={Iso(new DateOnly(Shown.Year, Shown.Month, 1).AddMonths(-1))}**");
        // The month before holds the first of the three days when the shown day is a first of the month, else nothing.
        if (Shown.AddDays(-1).Month != Shown.Month)
        {
            await Assertions.Expect(Kpi("Production")).Not.ToHaveTextAsync(monthProduction!);
        }
        else
        {
            await Assertions.Expect(Page.Locator("[data-test=no-data]")).ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator("[data-test=kpis]")).ToHaveCountAsync(0);
        }

        // Reloading keeps the period.
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator("[data-test=period-label]")).ToHaveTextAsync(new DateOnly(Shown.Year, Shown.Month, 1).AddMonths(-1).ToString("Y", new CultureInfo("en-CH")));

        // The year of the three days: one heat-map row per day, a column per hour.
        await Page.GotoAsync($"/sites/{site.SiteId}/energy?period=year&from={Iso(Shown)}");
        var year = Shown.Year;
        await Assertions.Expect(Page.Locator("[data-test=heatmap]")).ToHaveAttributeAsync("data-columns", "Hour");
        await Assertions.Expect(Page.Locator("[data-test=heatmap-day]")).ToHaveCountAsync(DateTime.IsLeapYear(year) ? 366 : 365);
    }

    [Fact]
    public async Task Live_power_updates_without_reload_in_the_users_language()
    {
        var (site, owner) = await SiteWithThreeDaysAsync();
        await Page.SignInAsync(owner);
        await Page.GotoAsync($"/sites/{site.SiteId}/energy");
        await Page.ClickAsync("[data-culture=fr-CH]");
        await Assertions.Expect(Page.Locator("[data-test=live-none]")).ToBeVisibleAsync();
        await InteractiveAsync();
        var ingestion = Server.App.Services.GetRequiredService<TelemetryIngestion>();
        var now = DateTimeOffset.UtcNow;

        await ingestion.IngestAsync([Live(site, "pv", now, -4200m), Live(site, "grid", now, 1500m)], default);

        var french = new CultureInfo("fr-CH");
        await Assertions.Expect(Page.Locator("[data-test=live-solar]")).ToHaveTextAsync(4200m.ToString("N0", french) + " W");
        await Assertions.Expect(Page.Locator("[data-test=live-load]")).ToHaveTextAsync(5700m.ToString("N0", french) + " W");
        await ingestion.IngestAsync([Live(site, "grid", now.AddSeconds(1), -1234m)], default);
        await Assertions.Expect(Page.Locator("[data-test=live-grid]")).ToHaveTextAsync((-1234m).ToString("N0", french) + " W");
        await Assertions.Expect(Page.Locator("[data-test=live-load]")).ToHaveTextAsync(2966m.ToString("N0", french) + " W");
    }

    [Fact]
    public async Task Another_owner_is_refused_by_address()
    {
        var (site, _) = await SiteWithThreeDaysAsync();
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Owner));

        await Page.GotoAsync($"/sites/{site.SiteId}/energy?period=day&from={Iso(Shown)}");

        await Assertions.Expect(Page.Locator("[data-test=site-not-found]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=kpis]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=live-power]")).ToHaveCountAsync(0);
    }

    /// <summary>The whole dashboard (KPIs, charts, table, heat map) reads on a 390 px phone without scrolling sideways.</summary>
    private async Task FitsAPhoneAsync(string what)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_TEST_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"energy-{what}-desktop.png"), FullPage = true });
        }

        await Page.SetViewportSizeAsync(390, 844);
        await Page.WaitForTimeoutAsync(300);
        if (Environment.GetEnvironmentVariable("PORTAL_TEST_SCREENSHOTS") is { Length: > 0 } phoneFolder)
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(phoneFolder, $"energy-{what}-phone.png"), FullPage = true });
        }

        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"The {what} dashboard is wider than a phone.");
        await Page.SetViewportSizeAsync(1280, 720);
    }

    private static MqttMessage Live(EnergySite site, string meterId, DateTimeOffset at, decimal powerW) =>
        new(Topics.Build(site.SiteId.ToString("N"), site.GatewayId, TopicKind.Live),
            ContractParser.Serialize(new LiveReadingMessage(ContractVersion.Current, site.GatewayId, meterId, at, powerW, 1000, 0)), 0, false);
}
