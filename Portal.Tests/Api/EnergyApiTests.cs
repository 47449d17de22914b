using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Api;
using Portal.Commissioning;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The read-only REST API as a program meets it: personal tokens, the owner's sites only, problems as JSON.</summary>
public sealed class EnergyApiTests : IAsyncLifetime
{
    private static readonly DateTime Noon = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    private PortalServer _server = null!;
    private string _owner = "";
    private EnergySite _site = null!;
    private EnergySite _otherSite = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, await _server.IdOfAsync(_owner),
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        _otherSite = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Owner)),
            new EnergyMeter("other-1", MeterRole.Consumer, "Their apartment"));
        await _site.DeliverAsync(("grid", Noon, 200, 0), ("pv", Noon, 0, 200), ("apt-1", Noon, 300, 0), ("apt-2", Noon, 100, 0));
        await _otherSite.DeliverAsync(("other-1", Noon, 999, 0));
        await _site.BalanceAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<NewApiToken> TokenAsync(string? email = null)
    {
        var (token, problems) = await _server.App.Services.GetRequiredService<ApiTokens>().CreateAsync(await _server.PrincipalAsync(email ?? _owner), "Tests");
        Assert.Empty(problems);
        return token!;
    }

    private HttpClient Client(string? token)
    {
        var client = _server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_token_reads_the_owners_sites_and_their_energy()
    {
        using var client = Client((await TokenAsync()).Token);

        var sites = await JsonAsync(await client.GetAsync("/api/v1/sites"));
        var energy = await client.GetAsync($"/api/v1/sites/{_site.SiteId}/energy?from=2026-06-01&to=2026-07-01&resolution=day");
        var point = await JsonAsync(await client.GetAsync($"/api/v1/sites/{_site.SiteId}/billing-points/{_site.BillingPoints["Apartment 1"]}/energy?from=2026-06-15"));
        var meter = await JsonAsync(await client.GetAsync($"/api/v1/sites/{_site.SiteId}/meters/apt-2/energy?from=2026-06-15&resolution=hour"));
        var csv = await client.GetStringAsync($"/api/v1/sites/{_site.SiteId}/intervals.csv?from=2026-06-15");

        Assert.Equal([_site.SiteId.ToString()], sites.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, energy.StatusCode);
        var body = await JsonAsync(energy);
        Assert.Equal(400, body.GetProperty("total").GetProperty("consumptionWh").GetInt64());
        Assert.Equal("Day", body.GetProperty("resolution").GetString());
        Assert.Single(body.GetProperty("series").EnumerateArray());
        Assert.Equal((300, 150), (point.GetProperty("total").GetProperty("consumedWh").GetInt64(), point.GetProperty("total").GetProperty("solarWh").GetInt64()));
        Assert.Equal(24, meter.GetProperty("series").GetArrayLength());
        Assert.Equal(100, meter.GetProperty("total").GetProperty("consumedWh").GetInt64());
        Assert.Equal(97, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_revoked_one_the_api_answers_401()
    {
        var made = await TokenAsync();
        using var none = Client(null);
        using var wrong = Client("pt_not-a-token");
        using var revoked = Client(made.Token);
        Assert.True(await _server.App.Services.GetRequiredService<ApiTokens>().RevokeAsync(await _server.PrincipalAsync(_owner), made.Id));
        // The owner's sign-in cookie is no key to the API (no cross-site reads with the cookie).
        using var cookie = _server.CreateClient();
        await HttpSignIn.SignInAsync(cookie, _owner);

        foreach (var client in new[] { none, wrong, revoked, cookie })
        {
            var response = await client.GetAsync("/api/v1/sites");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, (await JsonAsync(response)).GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Another_owners_site_meter_or_billing_point_is_not_found_and_bad_periods_are_bad_requests()
    {
        using var client = Client((await TokenAsync()).Token);
        string[] notFound =
        [
            $"/api/v1/sites/{_otherSite.SiteId}/energy?from=2026-06-15",
            $"/api/v1/sites/{Guid.NewGuid()}/energy?from=2026-06-15",
            "/api/v1/sites/not-a-site/energy?from=2026-06-15",
            $"/api/v1/sites/{_site.SiteId}/meters/other-1/energy?from=2026-06-15",
            $"/api/v1/sites/{_site.SiteId}/meters/no-such-meter/energy?from=2026-06-15",
            $"/api/v1/sites/{_site.SiteId}/billing-points/{_otherSite.BillingPoints["Their apartment"]}/energy?from=2026-06-15",
            $"/api/v1/sites/{_otherSite.SiteId}/billing-points/{_otherSite.BillingPoints["Their apartment"]}/energy?from=2026-06-15",
            $"/api/v1/sites/{_site.SiteId}/billing-points/not-a-point/energy?from=2026-06-15",
            $"/api/v1/sites/{_otherSite.SiteId}/intervals.csv?from=2026-06-15",
        ];
        string[] badRequest =
        [
            $"/api/v1/sites/{_site.SiteId}/energy?from=2016-01-01&to=2026-01-01",
            $"/api/v1/sites/{_site.SiteId}/energy?from=2030-01-01",
            $"/api/v1/sites/{_site.SiteId}/energy",
            $"/api/v1/sites/{_site.SiteId}/energy?from=2026-06-01&resolution=week",
            $"/api/v1/sites/{_site.SiteId}/meter-energy.csv?from=2026-07-01&to=2026-06-01",
        ];

        foreach (var address in notFound)
        {
            var response = await client.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{address}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var address in badRequest)
        {
            var response = await client.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{address}: {response.StatusCode}");
            Assert.False(string.IsNullOrWhiteSpace((await JsonAsync(response)).GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api_endpoints_and_nothing_else()
    {
        using var client = Client(null);

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal(
            [
                "/api/v1/sites", "/api/v1/sites/{siteId}/billing-points/{billingPointId}/energy", "/api/v1/sites/{siteId}/energy",
                "/api/v1/sites/{siteId}/intervals.csv", "/api/v1/sites/{siteId}/meter-energy.csv", "/api/v1/sites/{siteId}/meters/{meterId}/energy",
                "/api/v1/sites/{siteId}/site-energy.csv",
            ],
            paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_owners_make_tokens_and_only_their_own_are_listed_and_revoked()
    {
        var tokens = _server.App.Services.GetRequiredService<ApiTokens>();
        var resident = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Resident));
        var otherOwner = await _server.CreateAccountAsync(Roles.Owner);
        var mine = await TokenAsync();
        var theirs = await TokenAsync(otherOwner);

        Assert.Equal(["Api.Tokens.OwnersOnly"], (await tokens.CreateAsync(resident, "x")).Problems);
        Assert.Equal(["Api.Tokens.NameRequired"], (await tokens.CreateAsync(await _server.PrincipalAsync(_owner), "  ")).Problems);
        Assert.False(await tokens.RevokeAsync(await _server.PrincipalAsync(_owner), theirs.Id));
        Assert.Equal([mine.Id], (await tokens.ListAsync(await _server.PrincipalAsync(_owner))).Select(t => t.Id));
        Assert.StartsWith("pt_", mine.Token, StringComparison.Ordinal);
        // Only the hash is stored.
        await using var db = await _server.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.ApiTokens.FindAsync(mine.Id);
        Assert.Equal(SecretToken.Hash(mine.Token), stored?.TokenHash);
        Assert.DoesNotContain(mine.Token, stored!.Prefix + stored.Name, StringComparison.Ordinal);
    }
}
