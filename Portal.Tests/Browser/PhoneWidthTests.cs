using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using Portal.Accounts;
using Portal.Data;
using Portal.Sites;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// Every page of every role on a 390 px wide phone: the page itself never scrolls sideways
/// (wide grids scroll or collapse inside their own box, the drawer folds away).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int PhoneWidth = 390;
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;
    private readonly List<string> _overflows = [];

    public async Task InitializeAsync()
    {
        // Installers must enrol an authenticator: the enrolment page and the code step are pages of their own.
        _server = await PortalServer.StartAsync("--Portal:SignIn:RequireTwoFactorForRoles=Installer");
        _site = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-phone-width-cabinet", meters: 8);
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // Long words where people write them, and every wizard step open to the installer.
            var site = await db.Sites.SingleAsync(s => s.Id == _site.SiteId);
            site.Address = "Chemin des Grands-Champs-Verts 1234, 1800 Vevey-Corseaux-sur-Chardonne";
            site.WizardStep = (int)Portal.Commissioning.WizardStep.Battery;
            db.GridConnections.Add(new GridConnection { SiteId = site.Id, Name = "Main connection", MainFuseA = 125 });
            db.BillingPoints.Add(new BillingPoint { SiteId = site.Id, Name = "Apartment 1.1 under the roof, east side of the courtyard", Kind = BillingPointKind.Office });
            await db.SaveChangesAsync();
        }

        var ingestion = _server.App.Services.GetRequiredService<TelemetryIngestion>();
        foreach (var meter in _site.MeterIds)
        {
            await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow, -123_456m, importWh: 987_654_321)], default);
        }

        // Rows in the Ingestion page's table of rejections, one with a long reason.
        var statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
        statistics.CountRejected("meter on another gateway");
        for (var i = 0; i < 12_345; i++)
        {
            statistics.CountRejected("gateway not on this site");
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_page_of_every_role_fits_a_390_px_phone_without_scrolling_sideways()
    {
        var site = $"/sites/{_site.SiteId}";
        var wizard = $"/installer/sites/{_site.SiteId}";

        await VisitAsync(null, async page =>
        {
            await CheckAsync(page, "/account/login", "[data-test=sign-in]");
            await CheckAsync(page, "/account/access-denied", "[data-test=access-denied]");
            await CheckAsync(page, "/error", "h1");
            await CheckAsync(page, "/account/welcome?token=not-a-token", "[data-test=welcome-invalid]");
        });

        await VisitAsync(Roles.Administrator, async page =>
        {
            await CheckAsync(page, "/admin", "[data-test=accounts]");
            await CheckAsync(page, "/admin/ingestion", "[data-test=rejected-reasons]");
            await CheckAsync(page, "/admin/sites", "[data-test=sites]");
            await CheckAsync(page, site, "[data-test=meters]");
        });

        // An installer who has not enrolled yet is kept on the security page.
        await VisitAsync(Roles.Installer, async page =>
        {
            await page.WaitForURLAsync("**/account/security**");
            await Assertions.Expect(page.Locator("[data-test=two-factor-required]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-test=qr-code] svg")).ToBeVisibleAsync();
            await MeasureAsync(page, "/account/security (enrolment required)");
        }, installer: true);

        await VisitAsync(Roles.Installer, async page =>
        {
            await CheckAsync(page, "/installer", "[data-test=sites]");
            await CheckAsync(page, "/installer/sites/new", "[data-test=save-step]");
            await CheckAsync(page, wizard, "[data-test=wizard-site]");
            foreach (var step in Enum.GetNames<Portal.Commissioning.WizardStep>())
            {
                await page.ClickAsync($"[data-test=step-{step}]");
                await Assertions.Expect(page.Locator($"[data-test=step-{step}]")).ToHaveClassAsync("current");
                await MeasureAsync(page, $"{wizard} step {step}");
            }

            // The pasted sheet's preview is the widest table of all.
            await page.ClickAsync("[data-test=step-Meters]");
            await page.FillAsync("[data-test=meter-paste]", "Name\tModel\tCT ratio\tSerial\tBus\tUnit id\tRole\tBilling point\n"
                + "Apartment with a rather long name on the third floor\tSDM630MCT\t\t24200001\tConverter 9\t300\tconsumer\tApartment 3.2 left\n");
            await page.ClickAsync("[data-test=check-sheet]");
            await Assertions.Expect(page.Locator("[data-test=cell-error]").First).ToBeVisibleAsync();
            await MeasureAsync(page, $"{wizard} sheet preview");
            await page.ClickAsync("[data-test=edit-1]");
            await Assertions.Expect(page.Locator("[data-test=meter-editor]")).ToBeVisibleAsync();
            await MeasureAsync(page, $"{wizard} meter editor");

            await CheckAsync(page, $"{wizard}/inspection", "[data-test=inspection]");
            await CheckAsync(page, site, "[data-test=meters]");
        }, installer: true, enrolled: true);

        await VisitAsync(Roles.Owner, async page =>
        {
            await CheckAsync(page, "/owner", "[data-test=sites]");
            await CheckAsync(page, site, "[data-test=meters]");
            await CheckAsync(page, $"{site}/gateways", "[data-test=gateway]");
            await CheckAsync(page, $"{site}/billing-points", "[data-test=occupancies]");
            await page.ClickAsync("[data-test=link-resident]");
            await Assertions.Expect(page.Locator("[data-test=link-editor]")).ToBeVisibleAsync();
            await MeasureAsync(page, $"{site}/billing-points link editor");
            await CheckAsync(page, "/account/api-tokens", "[data-test=api-tokens]");
            await CheckAsync(page, $"{site}/data-quality", "[data-test=quality-rules]");
        }, owner: true);

        await VisitAsync(Roles.Resident, async page =>
        {
            await CheckAsync(page, "/resident", "[data-test=residence]");
            await CheckAsync(page, "/my/energy", "[data-test=resident-energy]");
            await CheckAsync(page, "/owner", "[data-test=access-denied]");
            await CheckAsync(page, "/account/security", "[data-test=qr-code] svg");
        }, resident: true);

        Assert.Empty(_overflows);
    }

    /// <summary>
    /// Signs in as a new account of <paramref name="role"/>; one whose authenticator is enrolled
    /// (<paramref name="enrolled"/>) passes the code step, which is measured too.
    /// </summary>
    private async Task VisitAsync(string? role, Func<IPage, Task> visit, bool owner = false, bool resident = false, bool enrolled = false, bool installer = false)
    {
        await using var context = await browser.NewContextAsync(_server);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        if (role is not null)
        {
            var email = await _server.CreateAccountAsync(role);
            await LinkAsync(email, owner, resident, installer);
            var key = enrolled ? await EnrolAsync(email) : null;
            await page.SignInAsync(email);
            if (key is not null)
            {
                await page.WaitForURLAsync("**/account/login-2fa**");
                await Assertions.Expect(page.Locator("[data-test=two-factor-code]")).ToBeVisibleAsync();
                await MeasureAsync(page, "/account/login-2fa");
                await page.FillAsync("[data-test=two-factor-code]", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow));
                await page.ClickAsync("[data-test=verify-code]");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
        }

        await visit(page);
    }

    /// <summary>Turns on two-factor sign-in for the account as if its owner had scanned the key; returns the key.</summary>
    private async Task<string> EnrolAsync(string email)
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private async Task CheckAsync(IPage page, string path, string shown)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(shown).First).ToBeVisibleAsync();
        await MeasureAsync(page, path);
    }

    /// <summary>Records the page when it is wider than the screen, with the elements that stick out.</summary>
    private async Task MeasureAsync(IPage page, string what)
    {
        // Let the circuit's first interactive render and MudBlazor's breakpoint listener settle.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
        var overflow = await page.EvaluateAsync<string>(
            """
            () => {
              const width = window.innerWidth;
              if (document.documentElement.scrollWidth <= width) return "";
              const wide = [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + "." + [...e.classList].join(".") + (e.dataset.test ? "[" + e.dataset.test + "]" : ""));
              return document.documentElement.scrollWidth + " px > " + width + " px: " + wide.join(", ");
            }
            """);
        if (Environment.GetEnvironmentVariable("PORTAL_TEST_SCREENSHOTS") is { Length: > 0 } folder)
        {
            // For a person to look at: PORTAL_TEST_SCREENSHOTS=/tmp/shots dotnet test --filter PhoneWidthTests
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, string.Concat(what.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".png"), FullPage = true });
        }

        if (overflow.Length > 0)
        {
            _overflows.Add($"{what}: {overflow}");
        }
    }

    private async Task LinkAsync(string email, bool owner, bool resident, bool installer)
    {
        if (!owner && !resident && !installer)
        {
            return;
        }

        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var site = await db.Sites.SingleAsync(s => s.Id == _site.SiteId);
        if (owner)
        {
            site.OwnerId = user.Id;
        }

        if (installer)
        {
            site.InstallerId = user.Id;
        }

        if (resident)
        {
            var home = new BillingPoint { SiteId = site.Id, Name = "Apartment 3.2 on the left of the second staircase" };
            home.Occupancies.Add(new Occupancy { ResidentId = user.Id, MoveIn = new DateOnly(2024, 1, 1) });
            db.BillingPoints.Add(home);
        }

        await db.SaveChangesAsync();
    }
}
