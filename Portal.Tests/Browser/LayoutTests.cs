using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The layout every page shares: the drawer each role sees, the theme a person chose, the drawer on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private static readonly string[] Entries = ["admin", "installer", "owner", "resident"];

    [Theory]
    [InlineData(Roles.Administrator, "admin")]
    [InlineData(Roles.Installer, "installer")]
    [InlineData(Roles.Owner, "owner")]
    [InlineData(Roles.Resident, "resident")]
    public async Task Each_role_sees_only_its_own_entries_in_the_navigation_drawer(string role, string entry)
    {
        await Page.SignInAsync(await Server.CreateAccountAsync(role));
        await Assertions.Expect(Page.Locator($"[data-test=home-{entry}]")).ToBeVisibleAsync();

        await Assertions.Expect(Page.Locator($"[data-test=drawer] [data-test=nav-{entry}]")).ToBeVisibleAsync();
        foreach (var other in Entries.Where(e => e != entry))
        {
            await Assertions.Expect(Page.Locator($"[data-test=nav-{other}]")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task The_dark_theme_stays_after_a_reload_and_on_the_sign_in_page_until_switched_back()
    {
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Resident));
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();
        var light = await BackgroundAsync();

        await Page.ClickAsync("[data-test=theme-toggle]");
        await WaitForBackgroundAsync(changedFrom: light);
        var dark = await BackgroundAsync();
        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();
        Assert.Equal(dark, await BackgroundAsync());

        // The sign-in page is static (no circuit): it still paints dark, and its own toggle switches back.
        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        Assert.Equal(dark, await BackgroundAsync());
        await Page.ClickAsync("[data-test=theme-toggle]");
        await WaitForBackgroundAsync(changedFrom: dark);
        Assert.Equal(light, await BackgroundAsync());
    }

    [Fact]
    public async Task On_a_phone_the_drawer_stays_closed_until_the_menu_button_opens_it()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Installer));
        await Assertions.Expect(Page.Locator("[data-test=home-installer]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=nav-installer]")).Not.ToBeInViewportAsync();

        await Page.ClickAsync("[data-test=menu]");

        await Assertions.Expect(Page.Locator("[data-test=nav-installer]")).ToBeInViewportAsync();
        await Page.ClickAsync("[data-test=nav-new-site]");
        await Page.WaitForURLAsync("**/installer/sites/new");
    }

    private Task<string> BackgroundAsync() =>
        Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private async Task WaitForBackgroundAsync(string changedFrom) =>
        await Page.WaitForFunctionAsync("before => getComputedStyle(document.body).backgroundColor !== before", changedFrom);
}
