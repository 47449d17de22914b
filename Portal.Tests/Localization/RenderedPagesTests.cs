using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Localization;

/// <summary>Pages as the server renders them in French and German: no English left over, names and times as people read them.</summary>
public sealed class RenderedPagesTests : IAsyncLifetime
{
    /// <summary>English texts that were once seen on French and German pages.</summary>
    private static readonly string[] KnownEnglish = ["Main connection", "Applied", "Passwords must", "characters", "Locked until", "Page not found"];

    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("fr-CH", "Raccordement principal")]
    [InlineData("de-CH", "Hauptanschluss")]
    public async Task New_site_page_names_the_first_grid_connection_in_the_installers_language(string culture, string mainConnection)
    {
        using var client = await SignedInAsync(Roles.Installer, culture);

        var html = await client.GetStringAsync("/installer/sites/new");

        Assert.Contains(mainConnection, html, StringComparison.Ordinal);
        AssertNoKnownEnglish(html);
    }

    [Theory]
    [InlineData("fr-CH", "Bloqué jusqu'au 16.01.2030 00:30")]
    [InlineData("de-CH", "Gesperrt bis 16.01.2030 00:30")]
    public async Task Account_list_shows_lock_times_on_the_readers_clock_not_in_utc(string culture, string lockedUntil)
    {
        var locked = await _server.CreateAccountAsync(Roles.Owner);
        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            // 23:30 UTC on 15 January is 00:30 on the 16th in Switzerland (CET, UTC+1).
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, new DateTimeOffset(2030, 1, 15, 23, 30, 0, TimeSpan.Zero));
        }

        using var client = await SignedInAsync(Roles.Administrator, culture);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/admin"));

        Assert.Contains(lockedUntil, html, StringComparison.Ordinal);
        AssertNoKnownEnglish(html);
    }

    [Theory]
    [InlineData("fr-CH")]
    [InlineData("de-CH")]
    public async Task Live_site_page_names_each_meters_bus_as_the_installer_named_it(string culture)
    {
        var site = await TelemetrySite.CreateAsync(_server.App.Services, meters: 2);
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Buses.Where(b => b.GatewayId == site.GatewayId).ExecuteUpdateAsync(b => b.SetProperty(x => x.Name, "Convertisseur sous-sol"));
        }

        var busIds = await BusIdsAsync(site.GatewayId);
        using var client = await SignedInAsync(Roles.Installer, culture, await _server.CreateInstallerOfAsync(site.SiteId));

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/sites/{site.SiteId}"));

        Assert.Contains("Convertisseur sous-sol · 1", html, StringComparison.Ordinal);
        Assert.All(busIds, id => Assert.DoesNotContain($"{id} · ", html, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fr-CH", "hors ligne depuis le 28.11.2026 10:05", "Compteurs qui ne répondent pas")]
    [InlineData("de-CH", "offline seit 28.11.2026 10:05", "Zähler, die nicht antworten")]
    public async Task Gateways_page_shows_the_gateways_times_in_the_site_time_zone_and_the_readers_language(string culture, string offlineSince, string silentMeters)
    {
        var site = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-rendered", meters: 1);
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // 09:05 UTC is 10:05 in Zurich (CET, UTC+1).
            await db.Gateways.Where(g => g.Id == site.GatewayId).ExecuteUpdateAsync(g => g
                .SetProperty(x => x.IsOnline, false)
                .SetProperty(x => x.LastSeenUtc, new DateTime(2026, 11, 28, 9, 5, 0, DateTimeKind.Utc)));
        }

        using var client = await SignedInAsync(Roles.Installer, culture, await _server.CreateInstallerOfAsync(site.SiteId));

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/sites/{site.SiteId}/gateways"));

        Assert.Contains(offlineSince, html, StringComparison.Ordinal);
        Assert.Contains(silentMeters, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Meters not answering", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Outbox backlog", html, StringComparison.Ordinal);
        AssertNoKnownEnglish(html);
    }

    private async Task<List<string>> BusIdsAsync(string gatewayId)
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Buses.Where(b => b.GatewayId == gatewayId).Select(b => b.Id).ToListAsync();
    }

    private async Task<HttpClient> SignedInAsync(string role, string culture, string? email = null)
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        await HttpSignIn.SignInAsync(client, email ?? await _server.CreateAccountAsync(role));
        return client;
    }

    private static void AssertNoKnownEnglish(string html)
    {
        var text = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "));
        Assert.All(KnownEnglish, english => Assert.DoesNotContain(english, text, StringComparison.Ordinal));
    }
}
