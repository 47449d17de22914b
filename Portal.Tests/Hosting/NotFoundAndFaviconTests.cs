using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Hosting;

public sealed class NotFoundAndFaviconTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("en-CH", "Page not found")]
    [InlineData("fr-CH", "Page introuvable")]
    [InlineData("de-CH", "Seite nicht gefunden")]
    public async Task An_unknown_address_answers_404_with_a_localized_page_and_a_link_home(string culture, string title)
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var response = await client.GetAsync("/no/such/page");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Matches("<a[^>]*href=\"/\"[^>]*data-test=\"not-found-home\"|<a[^>]*data-test=\"not-found-home\"[^>]*href=\"/\"", html);
    }

    [Theory]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/favicon.png", "image/png")]
    [InlineData("/favicon.ico", "image/x-icon")]
    public async Task The_favicon_is_served_and_linked_from_every_page(string path, string type)
    {
        using var client = _server.CreateClient();

        var icon = await client.GetAsync(path);
        var page = await client.GetStringAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal(type, icon.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await icon.Content.ReadAsByteArrayAsync());
        Assert.Contains("rel=\"icon\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"favicon.svg\"", page, StringComparison.Ordinal);
    }
}
