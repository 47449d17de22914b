using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Components.Pages.Admin;
using Portal.Hosting;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Components;

/// <summary>
/// The Ingestion page's refresh, driven by a fake clock: new counts appear at the next tick, not before,
/// and a closed page stops refreshing quietly.
/// </summary>
public sealed class IngestionPageComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private readonly RecordingLog _errors = new();
    private WebApplication? _portal;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en-CH");
        // The real services over a migrated, empty database: built, never started.
        _portal = PortalApp.Build(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={RepositoryPaths.NewTempDirectory("bunit")}"],
            ApplicationName = "Portal",
            ContentRootPath = RepositoryPaths.PortalProject,
            EnvironmentName = "Production",
        });
        await PortalApp.PrepareAsync(_portal);

        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.Services.AddLogging(logging => logging.AddProvider(_errors));
        _context.Services.AddSingleton<TimeProvider>(_clock);
        _context.Services.AddSingleton(_portal.Services.GetRequiredService<IngestionOverviewReader>());
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _culture;
    }

    [Fact]
    public async Task New_rejections_appear_at_the_next_tick_and_a_closed_page_stops_refreshing()
    {
        var statistics = _portal!.Services.GetRequiredService<IngestionStatistics>();
        var page = _context.Render<Ingestion>();
        // The first render reads the database: on a busy machine it takes longer than bUnit's one-second default.
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-test=rejected]").TextContent), TimeSpan.FromSeconds(15));

        statistics.CountRejected("malformed payload");
        Assert.Equal("0", page.Find("[data-test=rejected]").TextContent);

        _clock.Advance(Ingestion.RefreshInterval);
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-test=rejected-count][data-reason='malformed payload']").TextContent));
        // The server's own time of day (the administrator watches the server).
        Assert.Contains(_clock.GetUtcNow().ToLocalTime().ToString("T", CultureInfo.CurrentCulture), page.Find("[data-test=updated]").TextContent, StringComparison.Ordinal);

        await _context.DisposeComponentsAsync();
        statistics.CountRejected("malformed payload");
        _clock.Advance(Ingestion.RefreshInterval);
        _clock.Advance(Ingestion.RefreshInterval);

        // The timer's loop ended with the page: it neither rendered on the disposed renderer nor logged a failure.
        Assert.Throws<Bunit.Rendering.ComponentDisposedException>(() => page.Markup);
        Assert.Empty(_errors.Entries);
    }
}
