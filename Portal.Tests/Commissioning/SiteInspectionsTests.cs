using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Commissioning;

/// <summary>
/// The inspection service against a real SQLite file and a fake clock, with no page open: it commissions a site
/// whose meters all answer plausibly, keeps their first readings, and blames the gateway first when it is offline.
/// </summary>
public sealed class SiteInspectionsTests : IAsyncLifetime
{
    private static readonly ClaimsPrincipal Installer = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Installer)], "test"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero));
    private WebApplication _portal = null!;
    private TelemetrySite _site = null!;
    private TelemetryIngestion _ingestion = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalServer.BuildPreparedAsync("inspections", builder => builder.Services.AddSingleton<TimeProvider>(_clock));
        await _portal.StartAsync();
        _site = await TelemetrySite.CreateAsync(_portal.Services, meters: 2);
        _ingestion = _portal.Services.GetRequiredService<TelemetryIngestion>();
        await UntilTheServiceRunsAsync();
    }

    public async Task DisposeAsync()
    {
        await _portal.StopAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task A_site_whose_meters_all_answer_plausibly_is_commissioned_with_no_page_open_and_keeps_their_first_readings()
    {
        var start = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], start, 600m, importWh: 1_087_300), _site.Live(_site.MeterIds[1], start, 250m, importWh: 52_000)], default);

        // Plausible, but not yet for long enough to have checked the counters against the power.
        var first = await NextRoundAsync();
        Assert.All(first.Meters, m => Assert.Equal(InspectionStatus.Ok, m.Status));
        Assert.Null(first.CommissionedUtc);
        Assert.Null(await CommissionedAsync());

        // 12 s pass with rounds of their own (on the first readings alone, 14 s old: not yet observed for 15 s): wait
        // for them, so the round that sees the later readings is the next one, not one still running when they arrive.
        await NextRoundAsync(TimeSpan.FromSeconds(12));
        var later = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], later, 610m, importWh: 1_087_303), _site.Live(_site.MeterIds[1], later, 240m, importWh: 52_001)], default);
        var commissioned = await NextRoundAsync();

        Assert.Equal(_clock.GetUtcNow().UtcDateTime, commissioned.CommissionedUtc);
        Assert.Equal(commissioned.CommissionedUtc, await CommissionedAsync());
        await using var db = await Contexts().CreateDbContextAsync();
        var readings = await db.MeterFirstReadings.OrderBy(r => r.MeterId).ToListAsync();
        Assert.Equal([_site.MeterIds[0], _site.MeterIds[1]], readings.Select(r => r.MeterId));
        Assert.All(readings, r => Assert.Equal((start.UtcDateTime, _site.SiteId), (r.MeasuredUtc, r.SiteId)));
        Assert.Equal((1_087_300L, 600m), (readings[0].ImportRegisterWh, readings[0].ActivePowerW));
        Assert.Equal(52_000L, readings[1].ImportRegisterWh);
    }

    [Fact]
    public async Task Counters_rising_faster_than_the_power_keep_the_site_from_being_commissioned()
    {
        var start = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], start, 600m, importWh: 1_000_000), _site.Live(_site.MeterIds[1], start, 250m, importWh: 52_000)], default);
        await NextRoundAsync();

        // A 60x simulator: 600 W shown, 36 kW counted.
        await NextRoundAsync(TimeSpan.FromSeconds(12));
        var later = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], later, 600m, importWh: 1_000_160), _site.Live(_site.MeterIds[1], later, 250m, importWh: 52_001)], default);
        var inspection = await NextRoundAsync();

        Assert.Equal(new MeterInspection(_site.MeterIds[0], InspectionStatus.Implausible, "Inspection.CountersTooFast"), inspection.Meters[0]);
        Assert.Null(await CommissionedAsync());
    }

    [Fact]
    public async Task With_the_gateway_offline_the_inspection_says_so_instead_of_blaming_each_meters_wiring()
    {
        var start = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], start, 600m), _site.Status(GatewayState.Offline, start)], default);

        var inspection = await NextRoundAsync();

        Assert.True(inspection.GatewayOffline);
        Assert.Equal(_site.GatewayId, inspection.GatewayId);
        Assert.Equal(new MeterInspection(_site.MeterIds[1], InspectionStatus.NotAnswering, "Inspection.GatewayOffline"), inspection.Meters[1]);
        Assert.Null(await CommissionedAsync());
    }

    [Fact]
    public void Only_installers_and_administrators_see_or_watch_inspections()
    {
        var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test"));
        var inspections = _portal.Services.GetRequiredService<SiteInspections>();

        Assert.Null(inspections.Watch(owner, _site.SiteId, _ => { }));
        Assert.Null(inspections.LatestOf(owner, _site.SiteId));
        using var watching = inspections.Watch(Installer, _site.SiteId, _ => { });
        Assert.NotNull(watching);
    }

    // .NET 10 runs a BackgroundService's ExecuteAsync on a thread of its own, so StartAsync may return before the
    // service has armed its PeriodicTimer on the fake clock; a test that moved the clock then would wait for a round
    // that never comes (seen on a loaded machine). Move the clock a period at a time until a first round ran.
    private async Task UntilTheServiceRunsAsync()
    {
        var inspections = _portal.Services.GetRequiredService<SiteInspections>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            _clock.Advance(SiteInspections.Period);
            for (var waited = 0; waited < 25; waited++)
            {
                if (inspections.LatestOf(Installer, _site.SiteId) is { } latest && latest.AssessedAt == _clock.GetUtcNow())
                {
                    return;
                }

                await Task.Delay(20);
            }
        }

        throw new TimeoutException("The inspection service never ran a round.");
    }

    // Moves the fake clock one period (or more) and waits for the service's own round at the new instant, as it runs with no page open.
    private async Task<SiteInspection> NextRoundAsync(TimeSpan? advance = null)
    {
        var inspections = _portal.Services.GetRequiredService<SiteInspections>();
        var before = inspections.LatestOf(Installer, _site.SiteId);
        _clock.Advance(advance ?? SiteInspections.Period);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (inspections.LatestOf(Installer, _site.SiteId) is { } latest && !ReferenceEquals(latest, before) && latest.AssessedAt == _clock.GetUtcNow())
            {
                return latest;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The inspection service did not assess the site after its period.");
    }

    private async Task<DateTime?> CommissionedAsync()
    {
        await using var db = await Contexts().CreateDbContextAsync();
        return await db.Sites.Where(s => s.Id == _site.SiteId).Select(s => s.CommissionedUtc).SingleAsync();
    }

    private IDbContextFactory<PortalDbContext> Contexts() => _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
}
