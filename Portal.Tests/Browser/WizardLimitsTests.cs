using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The wizard's limits as an installer meets them in Chromium: the message at the field and at the step, nothing saved.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WizardLimitsTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task The_site_step_says_why_it_refuses_a_5500_character_name_and_a_fuse_of_63_7_and_saves_no_site()
    {
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Installer));
        await Page.ClickAsync("[data-test=new-site]");

        await Page.FillFieldAsync("site-name-input", new string('A', 5500));
        await Page.FillFieldAsync("main-fuse", "63.7");
        await Page.ClickAsync("[data-test=save-step]");

        const string name = "Site name: at most 200 characters (5500 entered). Shorten it.";
        const string fuse = "Main fuse per phase (A): enter a whole number from 6 to 4000.";
        var errors = Page.Locator("[data-test=step-error]");
        await Assertions.Expect(errors).ToHaveTextAsync([name, fuse]);
        // MudBlazor's own validation shows each message under its field as well.
        await Assertions.Expect(Page.Locator(".mud-input-helper-text.mud-input-error", new() { HasText = name })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator(".mud-input-helper-text.mud-input-error", new() { HasText = fuse })).ToBeVisibleAsync();
        await using var db = await Server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Sites.CountAsync());
    }
}
