using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The owner enters a linked resident's postal address (QR-06) on the billing points page; the server refuses a bad one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResidentAddressTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task Owner_enters_a_residents_postal_address_and_a_wrong_country_code_is_refused()
    {
        var (owner, site, resident) = await SiteWithResidentAsync("Apartment 3.1");

        await Page.SignInAsync(owner);
        await Page.GotoAsync($"/sites/{site}/billing-points");
        await Assertions.Expect(Page.Locator("[data-test=billing-points-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        await Assertions.Expect(Page.Locator("[data-test=occupancy-no-address]")).ToBeVisibleAsync();

        await Page.ClickAsync("[data-test=edit-address]");
        await Page.FillAsync("[data-test=address-name]", "Chloé Dupré");
        await Page.FillAsync("[data-test=address-street]", "Rue du Rhône");
        await Page.FillAsync("[data-test=address-number]", "12");
        await Page.FillAsync("[data-test=address-postal-code]", "1204");
        await Page.FillAsync("[data-test=address-town]", "Genève");
        await Page.FillAsync("[data-test=address-country]", "C1");
        await Page.ClickAsync("[data-test=save-address]");
        await Assertions.Expect(Page.Locator("[data-test=address-error]")).ToContainTextAsync("two-letter ISO code");

        await Page.FillAsync("[data-test=address-country]", "ch");
        await Page.ClickAsync("[data-test=save-address]");

        await Assertions.Expect(Page.Locator("[data-test=address-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=occupancy-address]")).ToHaveTextAsync("Chloé Dupré, Rue du Rhône 12, CH-1204 Genève");
        await using var check = Server.App.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ResidentAddresses>().ResidentAddressOfAsync(await Server.PrincipalAsync(owner), site, await ResidentIdAsync(resident));
        Assert.Equal(new Portal.Billing.StructuredAddress("Chloé Dupré", "Rue du Rhône", "12", "1204", "Genève", "CH"), stored);
    }

    [Fact]
    public async Task A_resident_enters_their_own_postal_address_on_a_phone_and_the_owner_sees_it()
    {
        var (owner, site, resident) = await SiteWithResidentAsync("Apartment 2.4");

        await Page.SetViewportSizeAsync(390, 844);
        await Page.SignInAsync(resident);
        await Page.GotoAsync("/my/address");
        await Assertions.Expect(Page.Locator("[data-test=my-address]")).ToHaveAttributeAsync("data-interactive", "yes");
        Assert.Equal("CH", await Page.InputValueAsync("[data-test=address-country]"));
        await Page.FillAsync("[data-test=address-name]", "Jonas Brunner");
        await Page.FillAsync("[data-test=address-street]", "Bahnhofstrasse");
        await Page.FillAsync("[data-test=address-number]", "7a");
        await Page.FillAsync("[data-test=address-postal-code]", "");
        await Page.FillAsync("[data-test=address-town]", "Winterthur");
        await Page.ClickAsync("[data-test=save-address]");
        await Assertions.Expect(Page.Locator("[data-test=address-error]")).ToContainTextAsync("Postal code");

        await Page.FillAsync("[data-test=address-postal-code]", "8400");
        await Page.ClickAsync("[data-test=save-address]");
        await Assertions.Expect(Page.Locator("[data-test=address-error]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToBeVisibleAsync();

        await using var check = Server.App.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<ResidentAddresses>().ResidentAddressOfAsync(await Server.PrincipalAsync(owner), site, await ResidentIdAsync(resident));
        Assert.Equal(new Portal.Billing.StructuredAddress("Jonas Brunner", "Bahnhofstrasse", "7a", "8400", "Winterthur", "CH"), stored);

        // An owner is no resident: the page is refused, and so is the service.
        Assert.NotEmpty(await check.ServiceProvider.GetRequiredService<ResidentAddresses>().SaveOwnAsync(await Server.PrincipalAsync(owner),
            new PostalAddressForm("X", "Y", null, "8000", "Zürich", "CH")));
    }

    /// <summary>An owner's site with one billing point and a resident linked to it since January, without an address.</summary>
    private async Task<(string Owner, Guid Site, string Resident)> SiteWithResidentAsync(string pointName)
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await Server.CreateOwnedSiteAsync(owner, pointName);
        var resident = await Server.CreateAccountAsync(Roles.Resident);
        await using var scope = Server.App.Services.CreateAsyncScope();
        var points = scope.ServiceProvider.GetRequiredService<BillingPoints>();
        var principal = await Server.PrincipalAsync(owner);
        var point = (await points.ForAsync(principal, site))!.Points.Single();
        Assert.True((await points.LinkResidentAsync(principal, site, point.Id, new ResidentLink(resident, "", new DateOnly(2026, 1, 1), null))).Succeeded);
        return (owner, site, resident);
    }

    private async Task<Guid> ResidentIdAsync(string email)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }
}
