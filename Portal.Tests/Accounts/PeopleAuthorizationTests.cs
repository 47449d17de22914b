using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>
/// The people-and-dwellings pages and the site-scoped installer pages, decided by the server on every request
/// (the pattern of <see cref="ServerAuthorizationTests"/>).
/// </summary>
public sealed class PeopleAuthorizationTests : IAsyncLifetime
{
    private PortalServer _server = null!;
    private string _owner = null!;
    private Guid _site;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await _server.CreateOwnedSiteAsync(_owner, "Apartment 1.1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, email);
        return client;
    }

    private static void AssertRefused(HttpResponseMessage response, string path)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
        Assert.Equal("/account/access-denied", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_requests_for_the_new_pages_are_sent_to_sign_in()
    {
        using var client = _server.CreateClient();

        foreach (var path in new[] { "/admin/sites", $"/sites/{_site}/billing-points" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sites_owner_and_administrators_open_its_billing_points_and_nobody_else()
    {
        using var owner = await SignedInAsync(_owner);
        using var administrator = await SignedInAsync(await _server.CreateAccountAsync(Roles.Administrator));
        var path = $"/sites/{_site}/billing-points";

        var mine = await owner.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("data-test=\"billing-points-title\"", await mine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync(path)).StatusCode);

        foreach (var role in new[] { Roles.Owner, Roles.Installer, Roles.Resident })
        {
            using var other = await SignedInAsync(await _server.CreateAccountAsync(role));
            AssertRefused(await other.GetAsync(path), $"{role} {path}");
        }
    }

    [Theory]
    [InlineData(Roles.Installer)]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Resident)]
    public async Task Only_administrators_open_the_site_list_of_the_platform(string role)
    {
        using var client = await SignedInAsync(await _server.CreateAccountAsync(role));
        using var administrator = await SignedInAsync(await _server.CreateAccountAsync(Roles.Administrator));

        AssertRefused(await client.GetAsync("/admin/sites"), "/admin/sites");
        var page = await administrator.GetAsync("/admin/sites");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-test=\"admin-sites\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_installer_is_refused_every_page_and_download_of_a_site_they_do_not_commission()
    {
        var theirs = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-theirs");
        using var stranger = await SignedInAsync(await _server.CreateAccountAsync(Roles.Installer));
        using var installer = await SignedInAsync(await _server.CreateInstallerOfAsync(theirs.SiteId));

        foreach (var path in new[] { $"/installer/sites/{theirs.SiteId}", $"/installer/sites/{theirs.SiteId}/inspection", $"/installer/sites/{theirs.SiteId}/report.pdf", $"/installer/sites/{theirs.SiteId}/meters.csv" })
        {
            AssertRefused(await stranger.GetAsync(path), path);
            Assert.Equal(HttpStatusCode.OK, (await installer.GetAsync(path)).StatusCode);
        }

        var live = await (await stranger.GetAsync($"/sites/{theirs.SiteId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"site-not-found\"", live, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Name(), await (await stranger.GetAsync("/installer")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(theirs.Name(), await (await installer.GetAsync("/installer")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_page_opens_without_an_account_and_refuses_a_made_up_link()
    {
        using var client = _server.CreateClient();

        var page = await client.GetAsync("/account/welcome?token=made-up");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-test=\"welcome-invalid\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_is_told_what_a_wrong_password_is_told()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        using (var scope = _server.App.Services.CreateScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
            Assert.Empty(await directory.SetDisabledAsync(await _server.IdOfAsync(email), disabled: true, Guid.NewGuid()));
        }

        using var client = _server.CreateClient();
        var disabled = await HttpSignIn.PostSignInAsync(client, email, PortalServer.Password);
        var wrong = await HttpSignIn.PostSignInAsync(client, await _server.CreateAccountAsync(Roles.Resident), "wrong-password-here");

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Null(disabled.Headers.Location);
        Assert.Contains("data-test=\"signin-error\"", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ErrorOf(await wrong.Content.ReadAsStringAsync()), ErrorOf(await disabled.Content.ReadAsStringAsync()));
    }

    private static string ErrorOf(string html)
    {
        var start = html.IndexOf("data-test=\"signin-error\"", StringComparison.Ordinal);
        var text = html[start..];
        return text[..text.IndexOf("</div>", StringComparison.Ordinal)];
    }
}
