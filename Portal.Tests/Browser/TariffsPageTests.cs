using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Billing.Tariffs;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The owner's tariff page in Chromium: a version with HT/NT windows and its 80 % warning, the server's refusals, and nobody else opens it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TariffsPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private async Task<Guid> OpenAsOwnerAsync()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await Server.CreateOwnedSiteAsync(owner, "Apartment 1.1");
        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=tariffs-link]");
        await Page.WaitForURLAsync($"**/sites/{site}/tariffs");
        await Assertions.Expect(Page.Locator("[data-test=tariffs-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        return site;
    }

    private async Task FillVersionAsync(string solarPrice)
    {
        await Page.ClickAsync("[data-test=add-version]");
        await Page.FillFieldAsync("valid-from", "2026-01-01");
        await Page.FillFieldAsync("solar-price", solarPrice);
        await Page.FillFieldAsync("grid-ht", "0.30");
        await Page.FillFieldAsync("grid-nt", "0.20");
        await Page.FillFieldAsync("metering-fee", "3");
        await Page.FillFieldAsync("billing-fee", "0.75");
        await Page.FillFieldAsync("reference-ht", "0.32");
        await Page.FillFieldAsync("reference-nt", "0.24");
        await Page.FillFieldAsync("reference-fees", "7.50");
    }

    [Fact]
    public async Task ZEV11_owner_adds_a_version_with_HT_NT_windows_and_sees_the_cap_warning_with_its_figures()
    {
        var site = await OpenAsOwnerAsync();
        await Assertions.Expect(Page.Locator("[data-test=no-versions]")).ToBeVisibleAsync();

        await FillVersionAsync("0.30");
        // The Winterthur preset (the picker's first choice), then Good Friday as an NT holiday.
        await Page.ClickAsync("[data-test=apply-preset]");
        await Assertions.Expect(Page.Locator("[data-test=window-row]")).ToHaveCountAsync(2);
        await Page.FillFieldAsync("holiday", "2026-04-03");
        await Page.ClickAsync("[data-test=add-holiday]");
        await Assertions.Expect(Page.Locator("[data-test=holiday-chip]")).ToHaveCountAsync(1);
        await Page.ClickAsync("[data-test=save-version]");

        await Assertions.Expect(Page.Locator("[data-test=tariff-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=version-row][data-valid-from='2026-01-01']")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=version-windows]")).ToContainTextAsync("07:00–20:00");
        await Assertions.Expect(Page.Locator("[data-test=version-windows]")).ToContainTextAsync("07:00–13:00");
        // 0.30 + 3.75 CHF over 375 kWh a month = 0.31 against 80 % of (0.6 x 0.32 + 0.4 x 0.24 + 0.02) = 0.2464.
        var warning = Page.Locator("[data-test=cap-warning][data-valid-from='2026-01-01']");
        await Assertions.Expect(warning).ToContainTextAsync("0.3100 CHF/kWh, above the cap of 0.2464 CHF/kWh (80 % of the standard product's 0.3080 CHF/kWh) by 0.0636 CHF/kWh");

        var stored = (await Server.App.Services.CreateScope().ServiceProvider.GetRequiredService<Portal.Billing.Tariffs.Tariffs>()
            .ForBillingAsync(site, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)))!.Timeline.Spans.Single().Tariff;
        Assert.Equal(new TariffCalendar(TariffCalendarPresets.Winterthur().Windows, [new DateOnly(2026, 4, 3)]), stored.Calendar);
        Assert.Equal(0.30m, stored.SolarPricePerKwh);

        // A lower solar price fits under the cap: the warning goes.
        await Page.ClickAsync("[data-test=edit-version]");
        await Page.FillFieldAsync("solar-price", "0.2");
        await Page.ClickAsync("[data-test=save-version]");
        await Assertions.Expect(Page.Locator("[data-test=tariff-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=cap-warning]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Server_refuses_a_negative_price_and_a_bad_IBAN()
    {
        await OpenAsOwnerAsync();
        await FillVersionAsync("-0.1");
        await Page.ClickAsync("[data-test=save-version]");
        await Assertions.Expect(Page.Locator("[data-test=tariff-error]")).ToHaveTextAsync("Solar price (CHF/kWh): enter a number from 0 to 5, with at most 5 decimals.");
        await Assertions.Expect(Page.Locator("[data-test=version-row]")).ToHaveCountAsync(0);

        await Page.FillFieldAsync("issuer-name", "ZEV Sonnenhof");
        await Page.FillFieldAsync("issuer-street", "Bahnhofstrasse");
        await Page.FillFieldAsync("issuer-building", "12");
        await Page.FillFieldAsync("issuer-postcode", "8001");
        await Page.FillFieldAsync("issuer-town", "Zürich");
        await Page.FillFieldAsync("iban", "CH58 0079 1123 0008 8901 3");
        await Page.ClickAsync("[data-test=save-settings]");
        await Assertions.Expect(Page.Locator("[data-test=settings-error]")).ToHaveTextAsync("The IBAN fails its check: compare it with the bank's document.");

        await Page.FillFieldAsync("iban", "CH58 0079 1123 0008 8901 2");
        await Page.ClickAsync("[data-test=save-settings]");
        await Assertions.Expect(Page.Locator("[data-test=settings-error]")).ToHaveCountAsync(0);
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator("input[data-test=iban], [data-test=iban] input")).ToHaveValueAsync("CH5800791123000889012");
    }

    [Fact]
    public async Task Owner_reading_French_types_prices_with_the_decimal_comma()
    {
        await Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=fr-CH|uic=fr-CH", Url = Server.BaseAddress.ToString() }]);
        var site = await OpenAsOwnerAsync();
        await Assertions.Expect(Page.Locator("[data-test=tariffs-title]")).ToHaveTextAsync("Tarifs");

        await Page.ClickAsync("[data-test=add-version]");
        await Page.FillFieldAsync("valid-from", "2026-01-01");
        await Page.FillFieldAsync("solar-price", "0,305");
        await Page.FillFieldAsync("reference-ht", "0,32");
        await Page.FillFieldAsync("reference-nt", "0,24");
        await Page.ClickAsync("[data-test=save-version]");

        await Assertions.Expect(Page.Locator("[data-test=tariff-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=cap-warning]")).ToContainTextAsync("0,3050 CHF/kWh");
        var stored = (await Server.App.Services.CreateScope().ServiceProvider.GetRequiredService<Portal.Billing.Tariffs.Tariffs>()
            .ForBillingAsync(site, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)))!.Timeline.Spans.Single().Tariff;
        Assert.Equal(0.305m, stored.SolarPricePerKwh);
        Assert.Equal(0.32m, stored.ReferenceHtPerKwh);
    }

    [Fact]
    public async Task A_resident_and_another_owner_are_refused_the_page()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await Server.CreateOwnedSiteAsync(owner, "Apartment 1.1");

        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Resident));
        await Page.GotoAsync($"/sites/{site}/tariffs");
        await Assertions.Expect(Page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=tariffs-title]")).ToHaveCountAsync(0);

        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Owner));
        await Page.GotoAsync($"/sites/{site}/tariffs");
        // The site policy refuses an owner of other sites before the page asks the service.
        await Assertions.Expect(Page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=tariffs-title]")).ToHaveCountAsync(0);
    }
}
