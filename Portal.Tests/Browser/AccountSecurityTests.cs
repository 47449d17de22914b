using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Every role reaches its sign-in security; administrators see who signs in with two factors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountSecurityTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Theory]
    [InlineData(Roles.Administrator, "admin")]
    [InlineData(Roles.Installer, "installer")]
    [InlineData(Roles.Owner, "owner")]
    [InlineData(Roles.Resident, "resident")]
    public async Task Each_role_finds_the_sign_in_security_link_and_it_opens_the_two_factor_settings(string role, string home)
    {
        await Page.SignInAsync(await Server.CreateAccountAsync(role));
        await Assertions.Expect(Page.Locator($"[data-test=home-{home}]")).ToBeVisibleAsync();

        await Page.ClickAsync("[data-test=account-security-link]");

        await Page.WaitForURLAsync("**/account/security");
        await Assertions.Expect(Page.Locator("[data-test=account-security]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=two-factor-status]")).ToHaveAttributeAsync("data-enabled", "false");
        // The static page keeps the link too.
        await Assertions.Expect(Page.Locator("[data-test=account-security-link]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_account_list_shows_whose_two_factor_sign_in_is_on()
    {
        var enrolled = await Server.CreateAccountAsync(Roles.Owner);
        var notEnrolled = await Server.CreateAccountAsync(Roles.Resident);
        await using (var scope = Server.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(enrolled))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Administrator));
        await Assertions.Expect(Page.Locator("[data-test=accounts]")).ToBeVisibleAsync();

        var on = Page.Locator($"[data-test=two-factor][data-email='{enrolled}']");
        await Assertions.Expect(on).ToHaveAttributeAsync("data-enabled", "true");
        await Assertions.Expect(on).ToHaveTextAsync("On");
        var off = Page.Locator($"[data-test=two-factor][data-email='{notEnrolled}']");
        await Assertions.Expect(off).ToHaveAttributeAsync("data-enabled", "false");
        await Assertions.Expect(off).ToHaveTextAsync("Off");
    }
}
