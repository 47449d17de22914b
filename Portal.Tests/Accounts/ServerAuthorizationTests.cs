using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>Authorization is decided by the server on every request, not by what the menu shows.</summary>
public sealed class ServerAuthorizationTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/ingestion")]
    [InlineData("/installer")]
    [InlineData("/owner")]
    [InlineData("/resident")]
    [InlineData("/")]
    public async Task Anonymous_request_for_a_portal_page_is_sent_to_sign_in(string page)
    {
        using var client = _server.CreateClient();

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/ingestion")]
    [InlineData("/installer")]
    [InlineData("/owner")]
    public async Task Resident_is_refused_administrator_installer_and_owner_pages(string page)
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Resident));

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(Roles.Administrator, "/admin")]
    [InlineData(Roles.Installer, "/installer")]
    [InlineData(Roles.Owner, "/owner")]
    [InlineData(Roles.Resident, "/resident")]
    public async Task Sign_in_sends_each_role_to_its_own_home_page_which_it_may_open(string role, string home)
    {
        using var client = _server.CreateClient();

        var signIn = await HttpSignIn.PostSignInAsync(client, await _server.CreateAccountAsync(role), PortalServer.Password);
        var page = await client.GetAsync(home);

        Assert.Equal(home, new Uri(_server.BaseAddress, signIn.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Resident)]
    public async Task Owners_and_residents_are_refused_every_installer_page_and_download(string role)
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(role));
        var site = Guid.NewGuid();

        foreach (var path in new[] { "/installer/sites/new", $"/installer/sites/{site}", $"/installer/sites/{site}/inspection", $"/installer/sites/{site}/report.pdf", $"/installer/sites/{site}/meters.csv" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
            Assert.Equal("/account/access-denied", response.Headers.Location?.AbsolutePath);
        }
    }

    [Theory]
    [InlineData(Roles.Installer)]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Resident)]
    public async Task Only_administrators_may_open_the_ingestion_page(string role)
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(role));

        var refused = await client.GetAsync("/admin/ingestion");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/access-denied", refused.Headers.Location!.AbsolutePath);

        using var administrator = _server.CreateClient();
        await HttpSignIn.SignInAsync(administrator, await _server.CreateAccountAsync(Roles.Administrator));
        var page = await administrator.GetAsync("/admin/ingestion");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-test=\"ingestion\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_is_refused_the_installer_and_administrator_pages()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Owner));

        Assert.Equal("/account/access-denied", (await client.GetAsync("/installer")).Headers.Location!.AbsolutePath);
        Assert.Equal("/account/access-denied", (await client.GetAsync("/admin")).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_in_form_posted_without_antiforgery_token_is_rejected()
    {
        using var client = _server.CreateClient();
        var email = await _server.CreateAccountAsync(Roles.Owner);

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["Input.Email"] = email,
            ["Input.Password"] = PortalServer.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Sign_out_without_antiforgery_token_is_rejected_and_keeps_the_session()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Owner));

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/owner")).StatusCode);
    }

    [Fact]
    public async Task Language_switch_refuses_unknown_languages_and_foreign_redirects()
    {
        using var client = _server.CreateClient();

        var unknown = await client.GetAsync("/culture?culture=xx-XX&redirectUri=/");
        var foreign = await client.GetAsync("/culture?culture=fr-CH&redirectUri=//evil.example/");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(_server.BaseAddress, new Uri(_server.BaseAddress, foreign.Headers.Location!));
    }

    [Fact]
    public async Task A_signed_in_users_language_choice_is_remembered_on_their_account_for_their_invoices()
    {
        using var client = _server.CreateClient();
        var email = await _server.CreateAccountAsync(Roles.Resident);
        await HttpSignIn.SignInAsync(client, email);

        var response = await client.GetAsync("/culture?culture=de-CH&redirectUri=/resident");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal("de-CH", await db.Users.Where(u => u.Email == email).Select(u => u.Culture).SingleAsync());
    }

    [Fact]
    public void Every_routable_page_declares_who_may_open_it()
    {
        var pages = typeof(Portal.Hosting.PortalCommandLine).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();

        var undeclared = pages
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>() is null && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();

        Assert.NotEmpty(pages);
        Assert.Empty(undeclared);
    }
}
