using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Signing in, out and being refused, as a person does it in Chromium against the real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int MaxFailedAttempts = 3;
    private PortalServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync($"--Portal:SignIn:MaxFailedAttempts={MaxFailedAttempts}");
        _context = await browser.NewContextAsync(_server);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(Roles.Administrator, "admin")]
    [InlineData(Roles.Installer, "installer")]
    [InlineData(Roles.Owner, "owner")]
    [InlineData(Roles.Resident, "resident")]
    public async Task Each_role_signs_in_and_lands_on_its_home_page(string role, string home)
    {
        var email = await _server.CreateAccountAsync(role);

        await _page.GotoAsync("/");
        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(_page.Locator($"[data-test=home-{home}]")).ToBeVisibleAsync();
        Assert.EndsWith("/" + home, _page.Url, StringComparison.Ordinal);
        await Assertions.Expect(_page.Locator("[data-test=user-name]")).ToHaveTextAsync($"Test {role}");
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_on_the_sign_in_page()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);

        await _page.GotoAsync("/account/login");
        await SignInAsync(email, "not-the-password");

        await Assertions.Expect(_page.Locator("[data-test=signin-error]")).ToHaveTextAsync("Wrong e-mail address or password.");
        Assert.Contains("/account/login", _page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        await _page.GotoAsync("/account/login");
        for (var attempt = 0; attempt < MaxFailedAttempts; attempt++)
        {
            await SignInAsync(email, "guess-" + attempt);
        }

        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(_page.Locator("[data-test=signin-error]")).ToContainTextAsync("locked");
        Assert.Contains("/account/login", _page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/owner")]
    [InlineData("/installer")]
    [InlineData("/admin")]
    public async Task Resident_asking_for_another_role_page_is_refused(string page)
    {
        await _page.GotoAsync("/account/login");
        await SignInAsync(await _server.CreateAccountAsync(Roles.Resident), PortalServer.Password);
        await Assertions.Expect(_page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();

        await _page.GotoAsync(page);

        await Assertions.Expect(_page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=home-owner], [data-test=home-installer], [data-test=home-admin]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await _page.GotoAsync("/account/login");
        await SignInAsync(await _server.CreateAccountAsync(Roles.Resident), PortalServer.Password);
        await Assertions.Expect(_page.Locator("[data-test=home-resident]")).ToBeVisibleAsync();

        await _page.ClickAsync("[data-test=sign-out]");
        await _page.WaitForURLAsync("**/account/login**");
        await _page.GotoAsync("/resident");

        await _page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(_page.Locator("[data-test=home-resident]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Switching_language_changes_the_interface_text_and_it_stays_after_sign_in()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        await _page.GotoAsync("/account/login");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Sign in");

        await _page.ClickAsync("[data-culture=fr-CH]");
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Connexion");
        await SignInAsync(email, PortalServer.Password);

        await Assertions.Expect(_page.Locator("[data-test=home-resident]")).ToHaveTextAsync("Mon logement");
        await _page.ClickAsync("[data-culture=de-CH]");
        await Assertions.Expect(_page.Locator("[data-test=home-resident]")).ToHaveTextAsync("Meine Wohnung");
    }

    [Fact]
    public async Task Administrator_creates_an_account_that_can_then_sign_in()
    {
        await _page.GotoAsync("/account/login");
        await SignInAsync(await _server.CreateAccountAsync(Roles.Administrator), PortalServer.Password);
        await Assertions.Expect(_page.Locator("[data-test=home-admin]")).ToBeVisibleAsync();

        await _page.FillAsync("[data-test=new-email] >> visible=true", "new.installer@test.example");
        await _page.FillAsync("[data-test=new-name] >> visible=true", "New Installer");
        await _page.ClickAsync("[data-test=new-role]");
        await _page.ClickAsync(".mud-popover-open .mud-list-item >> text=Installer");
        await _page.FillAsync("[data-test=new-password] >> visible=true", "short");
        await _page.ClickAsync("[data-test=create-account]");
        await Assertions.Expect(_page.Locator("[data-test=create-error]")).ToContainTextAsync("at least 10 characters");

        await _page.FillAsync("[data-test=new-password] >> visible=true", "installer-passphrase");
        await _page.ClickAsync("[data-test=create-account]");
        await Assertions.Expect(_page.Locator("[data-test=accounts]")).ToContainTextAsync("new.installer@test.example");

        await _page.ClickAsync("[data-test=sign-out]");
        await _page.WaitForURLAsync("**/account/login**");
        await SignInAsync("new.installer@test.example", "installer-passphrase");
        await Assertions.Expect(_page.Locator("[data-test=home-installer]")).ToBeVisibleAsync();
    }

    private async Task SignInAsync(string email, string password)
    {
        await _page.FillAsync("#email", email);
        await _page.FillAsync("#password", password);
        await _page.ClickAsync("[data-test=sign-in]");
        await _page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
