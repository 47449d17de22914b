using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>An owner makes a personal API token, sees it once, a program uses it, and the owner revokes it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiTokenPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task An_owner_makes_a_token_shown_once_that_opens_the_api_until_it_is_revoked()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        await Server.CreateOwnedSiteAsync(owner, "Apartment 1");
        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=nav-api-tokens]");
        await Assertions.Expect(Page.Locator("[data-test=no-tokens]")).ToBeVisibleAsync();
        await InteractiveAsync();

        await Page.FillFieldAsync("token-name", "Spreadsheet");
        await Page.ClickAsync("[data-test=create-token]");
        var token = (await Page.Locator("[data-test=token-value]").TextContentAsync())!.Trim();

        using var program = Server.CreateClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/v1/sites")).StatusCode);
        await Assertions.Expect(Page.Locator("[data-test=token][data-name=Spreadsheet]")).ToBeVisibleAsync();

        // Shown once: after a reload only the list is there, without the token.
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator("[data-test=token][data-name=Spreadsheet]")).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await Page.ContentAsync(), StringComparison.Ordinal);

        await InteractiveAsync();
        await Page.ClickAsync("[data-test=revoke-token]");
        await Assertions.Expect(Page.Locator("[data-test=token-revoked]")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync("/api/v1/sites")).StatusCode);
    }

    /// <summary>Clicks before the circuit is up land on the prerendered page and do nothing.</summary>
    private Task InteractiveAsync() =>
        Assertions.Expect(Page.Locator("[data-test=api-tokens]")).ToHaveAttributeAsync("data-interactive", "yes");
}
