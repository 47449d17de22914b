using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Telemetry;
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
        await HttpSignIn.SignInAsync(client, await _server.CreateInstallerOfAsync(_site.SiteId));

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
    public async Task The_meter_list_of_a_commissioned_site_carries_each_meters_first_reading_kept_at_commissioning()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateInstallerOfAsync(_site.SiteId));
        string Line(string csv, string meterId) => csv.Split('\n').Single(l => l.StartsWith(meterId + ",", StringComparison.Ordinal));
        var before = await client.GetStringAsync($"/installer/sites/{_site.SiteId}/meters.csv");
        Assert.DoesNotContain("2026-11-30T08:00:00Z", before, StringComparison.Ordinal);

        var measured = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var commissioning = scope.ServiceProvider.GetRequiredService<SiteCommissioning>();
            Assert.True(await commissioning.MarkCommissionedAsync(_site.SiteId,
                [.. _site.MeterIds.Select((id, i) => new LiveMeterValues(id, _site.SiteId, measured, 600m + i, 1087.3m + i, 0.5m, 231m, 230m, 229m))]));
            Assert.False(await commissioning.MarkCommissionedAsync(_site.SiteId, []));
        }

        var after = await client.GetStringAsync($"/installer/sites/{_site.SiteId}/meters.csv");
        // SQLite keeps decimals as text with one decimal at least.
        Assert.Contains(",2026-11-30T08:00:00Z,1087.3,0.5,600.0,231.0,230.0,229.0,", Line(after, _site.MeterIds[0]), StringComparison.Ordinal);
        Assert.Contains(",2026-11-30T08:00:00Z,1088.3,0.5,601.0,231.0,230.0,229.0,", Line(after, _site.MeterIds[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_for_a_site_that_does_not_exist_is_not_found()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateInstallerOfAsync(_site.SiteId));

        var response = await client.GetAsync($"/installer/sites/{Guid.NewGuid()}/report.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
