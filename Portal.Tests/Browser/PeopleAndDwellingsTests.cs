using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// The owner links a new resident to a dwelling and hands over the invitation link; the resident sets a password and
/// sees the dwelling; once the move-out day has come (the server's clock moved forward) it is no longer theirs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleAndDwellingsTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private const string ResidentEmail = "lea.morel@test.example";
    private const string ResidentPassword = "lea-morel-passphrase";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Clock => _clock;

    private DateOnly Today => OccupancyPeriod.Today(_clock.GetUtcNow(), "Europe/Zurich");

    /// <summary>Waits for the page's circuit: clicks before it is up land on the prerendered page and do nothing.</summary>
    private static Task InteractiveAsync(IPage page, string heading) =>
        Assertions.Expect(page.Locator($"[data-test={heading}]")).ToHaveAttributeAsync("data-interactive", "yes");

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Owner_links_a_resident_who_then_sees_the_dwelling_until_the_move_out_day()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await Server.CreateOwnedSiteAsync(owner, "Apartment 2.1", "Apartment 2.2");

        // The owner opens the site's billing points from the site list and links a resident who has no account yet.
        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=billing-points-link]");
        await Page.WaitForURLAsync($"**/sites/{site}/billing-points");
        await InteractiveAsync(Page, "billing-points-title");
        await Page.ClickAsync("[data-test=link-resident][data-point='Apartment 2.1']");
        await Page.FillAsync("[data-test=link-email]", ResidentEmail);
        await Page.FillAsync("[data-test=link-move-in]", Iso(Today.AddDays(-10)));
        await Page.ClickAsync("[data-test=save-link]");
        await Assertions.Expect(Page.Locator("[data-test=link-error]")).ToContainTextAsync("Enter the person's name.");
        await Page.FillAsync("[data-test=link-name]", "Léa Morel");
        await Page.ClickAsync("[data-test=save-link]");

        var link = await Page.Locator("[data-test=invitation-link]").InputValueAsync();
        Assert.Contains("/account/welcome?token=", link, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator("[data-test=current-resident]")).ToHaveTextAsync("Léa Morel");
        await Assertions.Expect(Page.Locator("[data-test=occupancy-status]")).ToHaveAttributeAsync("data-status", "Current");

        // The resident follows the link, sets a password, signs in and sees the dwelling.
        await using var residentContext = await Browser.NewContextAsync(Server);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync(link);
        await resident.FillAsync("[data-test=welcome-password]", ResidentPassword);
        await resident.FillAsync("[data-test=welcome-confirmation]", ResidentPassword);
        await resident.ClickAsync("[data-test=welcome-submit]");
        await Assertions.Expect(resident.Locator("[data-test=welcome-done]")).ToBeVisibleAsync();
        await resident.GotoAsync(link);
        await Assertions.Expect(resident.Locator("[data-test=welcome-invalid]")).ToBeVisibleAsync();
        await resident.SignInAsync(ResidentEmail, ResidentPassword);
        await Assertions.Expect(resident.Locator("[data-test=home-resident]")).ToBeVisibleAsync();
        await Assertions.Expect(resident.Locator("[data-test=residence]")).ToHaveAttributeAsync("data-name", "Apartment 2.1");

        // The owner records the move-out for tomorrow: the resident still lives there today.
        await Page.ClickAsync("[data-test=change-dates]");
        await Page.FillAsync("[data-test=dates-move-out]", Iso(Today.AddDays(1)));
        await Page.ClickAsync("[data-test=save-dates]");
        await Assertions.Expect(Page.Locator("[data-test=dates-editor]")).ToHaveCountAsync(0);
        await resident.ReloadAsync();
        await Assertions.Expect(resident.Locator("[data-test=residence]")).ToHaveCountAsync(1);

        // Two days on, the dwelling is no longer theirs: listed as a past home, without its current data.
        _clock.Advance(TimeSpan.FromDays(2));
        await resident.SignInAsync(ResidentEmail, ResidentPassword);
        await resident.GotoAsync("/resident");
        await Assertions.Expect(resident.Locator("[data-test=no-home]")).ToBeVisibleAsync();
        await Assertions.Expect(resident.Locator("[data-test=residence]")).ToHaveCountAsync(0);
        await Assertions.Expect(resident.Locator("[data-test=past-residence]")).ToHaveAttributeAsync("data-name", "Apartment 2.1");
        await Assertions.Expect(resident.Locator("[data-test=past-residence]")).Not.ToContainTextAsync("Rue du Test");

        await Page.SignInAsync(owner);
        await Page.GotoAsync($"/sites/{site}/billing-points");
        await InteractiveAsync(Page, "billing-points-title");
        await Assertions.Expect(Page.Locator("[data-test=occupancy-status]")).ToHaveAttributeAsync("data-status", "Past");
    }

    [Fact]
    public async Task Owner_archives_a_site_which_leaves_the_list_and_becomes_read_only()
    {
        var owner = await Server.CreateAccountAsync(Roles.Owner);
        var site = await Server.CreateOwnedSiteAsync(owner, "Apartment 1.1");
        await Page.SignInAsync(owner);
        await InteractiveAsync(Page, "home-owner");

        await Page.ClickAsync("[data-test=archive-site]");
        await Page.ClickAsync("[data-test=confirm-yes]");
        await Assertions.Expect(Page.Locator("[data-test=no-sites]")).ToBeVisibleAsync();
        await Page.ClickAsync("[data-test=show-archived]");
        await Assertions.Expect(Page.Locator("[data-test=archived]")).ToBeVisibleAsync();

        await Page.GotoAsync($"/sites/{site}/billing-points");
        await Assertions.Expect(Page.Locator("[data-test=site-archived]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=billing-point-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=link-resident]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Administrator_disables_an_account_which_can_then_no_longer_sign_in()
    {
        var email = await Server.CreateAccountAsync(Roles.Owner);
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Administrator));

        await InteractiveAsync(Page, "home-admin");
        await Page.ClickAsync($"[data-test=account-actions][data-email='{email}'] [data-test=disable-account]");
        await Page.ClickAsync("[data-test=confirm-yes]");
        await Assertions.Expect(Page.Locator($"[data-test=disabled][data-email='{email}']")).ToBeVisibleAsync();

        await using var other = await Browser.NewContextAsync(Server);
        var page = await other.NewPageAsync();
        await page.SignInAsync(email);
        await Assertions.Expect(page.Locator("[data-test=signin-error]")).ToBeVisibleAsync();
    }
}
