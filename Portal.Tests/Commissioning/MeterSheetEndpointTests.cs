using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Tests.Support;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

/// <summary>The meter sheet download as an installer gets it over HTTP, and who may not get it.</summary>
public sealed class MeterSheetEndpointTests : IAsyncLifetime
{
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _site = await TelemetrySite.CreateAsync(_server.App.Services, meters: 3);
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Sites.Where(s => s.Id == _site.SiteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Résidence Zoé"));
        await db.Meters.Where(m => m.Id == _site.MeterIds[0]).ExecuteUpdateAsync(m => m.SetProperty(x => x.Model, "SDM630MCT").SetProperty(x => x.CtRatio, 100));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Installer_downloads_the_meter_sheet_named_after_the_site_and_it_reads_back_to_the_sites_meters()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateInstallerOfAsync(_site.SiteId));

        var response = await client.GetAsync($"/installer/sites/{_site.SiteId}/meter-sheet.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^meters-Résidence-Zoé-\d{8}\.csv$", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar!));
        var parse = MeterSheet.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), English);
        Assert.Empty(parse.Problems);
        Assert.Equal(["Meter 1", "Meter 2", "Meter 3"], parse.Rows.Select(r => r.Name));
        Assert.Equal("100/5", parse.Rows[0].CtRatio);
    }

    [Fact]
    public async Task An_installer_who_does_not_commission_the_site_does_not_get_its_meter_sheet()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Installer));

        var response = await client.GetAsync($"/installer/sites/{_site.SiteId}/meter-sheet.csv");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
        Assert.DoesNotContain("Meter 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Resident)]
    public async Task Owners_and_residents_do_not_get_the_meter_sheet(string role)
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(role));

        var response = await client.GetAsync($"/installer/sites/{_site.SiteId}/meter-sheet.csv");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }
}
