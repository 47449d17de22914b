using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>A resident on a phone opens their energy from their home page and reads their consumption and solar share.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResidentEnergyPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task A_resident_on_a_phone_sees_their_consumption_and_solar_share_and_nothing_of_the_neighbours()
    {
        var site = await EnergySite.CreateAsync(Server.App.Services, SiteType.StandardRcp, ownerId: null,
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        var resident = await Server.CreateAccountAsync(Roles.Resident);
        await using (var db = await Server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Occupancies.Add(new Occupancy { BillingPointId = site.BillingPoints["Apartment 1"], ResidentId = await Server.IdOfAsync(resident), MoveIn = new DateOnly(2026, 1, 1) });
            await db.SaveChangesAsync();
        }

        // PV 400 Wh shared 600 : 200 between the apartments: 300 Wh of apartment 1's 600 Wh is solar.
        var noon = new DateTime(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
        await site.DeliverAsync(("grid", noon, 400, 0), ("pv", noon, 0, 400), ("apt-1", noon, 600, 0), ("apt-2", noon, 200, 0));
        await site.BalanceAsync();
        await Page.SetViewportSizeAsync(390, 844);

        await Page.SignInAsync(resident);
        await Page.GotoAsync("/resident");
        await Page.ClickAsync("[data-test=open-energy]");
        // The page reads its figures when it is rendered and again when its circuit starts: on a busy machine (a
        // full test run) getting there once took more than the default 15 s.
        await Page.WaitForURLAsync("**/my/energy?point=*", new() { Timeout = 45_000 });
        await Assertions.Expect(Page.Locator("[data-test=energy-home]")).ToContainTextAsync("Apartment 1", new() { Timeout = 45_000 });
        await Page.GotoAsync($"/my/energy?point={site.BillingPoints["Apartment 1"]}&period=year&day=2026-06-15");

        await Assertions.Expect(Page.Locator("[data-test=consumption]")).ToHaveTextAsync("0.6 kWh");
        await Assertions.Expect(Page.Locator("[data-test=solar]")).ToHaveTextAsync("0.3 kWh");
        await Assertions.Expect(Page.Locator("[data-test=solar-share]")).ToHaveTextAsync("50%");
        await Assertions.Expect(Page.Locator("[data-test=energy-chart] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("body")).Not.ToContainTextAsync("Apartment 2");
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");

        // The neighbour's billing point by address: refused.
        await Page.GotoAsync($"/my/energy?point={site.BillingPoints["Apartment 2"]}&period=year&day=2026-06-15");
        await Assertions.Expect(Page.Locator("[data-test=energy-refused]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=consumption]")).ToHaveCountAsync(0);
    }
}
