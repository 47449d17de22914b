using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Commissioning;

/// <summary>The report downloads as an installer gets them over HTTP.</summary>
public sealed class ReportEndpointTests : IAsyncLifetime
{
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _site = await TelemetrySite.CreateAsync(_server.App.Services, meters: 3);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Installer_downloads_the_commissioning_report_as_pdf_and_the_meter_list_as_csv()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateInstallerOfAsync(_site.SiteId));

        var pdf = await client.GetAsync($"/installer/sites/{_site.SiteId}/report.pdf");
        var csv = await client.GetAsync($"/installer/sites/{_site.SiteId}/meters.csv");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = await PdfText.ExtractAsync(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(_site.Name(), text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + _site.MeterIds.Count, lines.Length);
        Assert.All(_site.MeterIds, id => Assert.Contains(lines, l => l.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Download_names_keep_the_accents_of_the_site_name_with_an_ascii_fallback()
    {
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Sites.Where(s => s.Id == _site.SiteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Résidence Les Tilleuls"));
        }

        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Installer));

        foreach (var (file, extension) in new[] { ("report.pdf", "pdf"), ("meters.csv", "csv") })
        {
            var response = await client.GetAsync($"/installer/sites/{_site.SiteId}/{file}");

            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Matches(@"^commissioning-Résidence-Les-Tilleuls-\d{8}\." + extension + "$", Uri.UnescapeDataString(disposition.FileNameStar!));
            Assert.Matches(@"^commissioning-Residence-Les-Tilleuls-\d{8}\." + extension + "$", disposition.FileName!);
        }
    }

    [Fact]
    public async Task A_report_for_a_site_that_does_not_exist_is_not_found()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Installer));

        var response = await client.GetAsync($"/installer/sites/{Guid.NewGuid()}/report.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
