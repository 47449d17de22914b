using System.Net;
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
    public async Task A_report_for_a_site_that_does_not_exist_is_not_found()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Installer));

        var response = await client.GetAsync($"/installer/sites/{Guid.NewGuid()}/report.pdf");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
