using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Signing in, out and being refused, as a person does it in Chromium against the real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : PortalPageTest(browser, $"--Portal:SignIn:MaxFailedAttempts={MaxFailedAttempts}")
{
    private const int MaxFailedAttempts = 3;

    [Theory]
    [InlineData(Roles.Administrator, "admin")]
    [InlineData(Roles.Installer, "installer")]
    [InlineData(Roles.Owner, "owner")]
    [InlineData(Roles.Resident, "resident")]
    public async Task Each_role_signs_in_and_lands_on_its_home_page(string role, string home)
    {
        var email = await Server.CreateAccountAsync(role);

        await Page.GotoAsync("/");
        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(Page.Locator($"[data-test=home-{home}]")).ToBeVisibleAsync();
        Assert.EndsWith("/" + home, Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator("[data-test=user-name]")).ToHaveTextAsync($"Test {role}");
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_on_the_sign_in_page()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);

        await Page.GotoAsync("/account/login");
        await SignInAsync(email, "not-the-password");

        await Assertions.Expect(Page.Locator("[data-test=signin-error]")).ToContainTextAsync("Sign-in refused: the e-mail address or the password is wrong");
        Assert.Contains("/account/login", Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);
        await Page.GotoAsync("/account/login");
        for (var attempt = 0; attempt < MaxFailedAttempts; attempt++)
        {
            await SignInAsync(email, "guess-" + attempt);
        }

        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(Page.Locator("[data-test=signin-error]")).ToContainTextAsync("locked");
        Assert.Contains("/account/login", Page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/owner")]
    [InlineData("/installer")]
    [InlineData("/admin")]
    public async Task Resident_asking_for_another_role_page_is_refused(string page)
    {
        await Page.GotoAsync("/account/login");
        await SignInAsync(await Server.CreateAccountAsync(Roles.Resident), PortalServer.Password);
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();

        await Page.GotoAsync(page);

        await Assertions.Expect(Page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=home-owner], [data-test=home-installer], [data-test=home-admin]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await Page.GotoAsync("/account/login");
        await SignInAsync(await Server.CreateAccountAsync(Roles.Resident), PortalServer.Password);
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();

        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        await Page.GotoAsync("/resident");

        await Page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Switching_language_changes_the_interface_text_and_it_stays_after_sign_in()
    {
        var email = await Server.CreateAccountAsync(Roles.Resident);
        await Page.GotoAsync("/account/login");
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Sign in");

        await Page.ClickAsync("[data-culture=fr-CH]");
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Connexion");
        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToHaveTextAsync("Mon logement");
        await Page.ClickAsync("[data-culture=de-CH]");
        await Assertions.Expect(Page.Locator("[data-test=home-resident]")).ToHaveTextAsync("Meine Wohnung");
    }

    [Fact]
    public async Task Administrator_creates_an_account_that_can_then_sign_in()
    {
        await Page.GotoAsync("/account/login");
        await SignInAsync(await Server.CreateAccountAsync(Roles.Administrator), PortalServer.Password);
        await Assertions.Expect(Page.Locator("[data-test=home-admin]")).ToBeVisibleAsync();

        await Page.FillAsync("[data-test=new-email] >> visible=true", "new.installer@test.example");
        await Page.FillAsync("[data-test=new-name] >> visible=true", "New Installer");
        await Page.ClickAsync("[data-test=new-role]");
        await Page.ClickAsync(".mud-popover-open .mud-list-item >> text=Installer");
        await Page.FillAsync("[data-test=new-password] >> visible=true", "short");
        await Page.ClickAsync("[data-test=create-account]");
        await Assertions.Expect(Page.Locator("[data-test=create-error]")).ToContainTextAsync("at least 10 characters");

        await Page.FillAsync("[data-test=new-password] >> visible=true", "installer-passphrase");
        await Page.ClickAsync("[data-test=create-account]");
        await Assertions.Expect(Page.Locator("[data-test=accounts]")).ToContainTextAsync("new.installer@test.example");

        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        await SignInAsync("new.installer@test.example", "installer-passphrase");
        await Assertions.Expect(Page.Locator("[data-test=home-installer]")).ToBeVisibleAsync();
    }

    private async Task SignInAsync(string email, string password)
    {
        await Page.FillAsync("#email", email);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("[data-test=sign-in]");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
