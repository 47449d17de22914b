using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Simulator;
using MeterRole = Portal.Sites.MeterRole;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The inspection flags a dead meter and a reversed one, read live from the simulator through the edge.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectionTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly MeterRole[] MeterRoles = [MeterRole.GridIntroduction, MeterRole.PvProduction, MeterRole.Consumer, MeterRole.Consumer, MeterRole.Consumer, MeterRole.Consumer];
    private TelemetryChain _chain = null!;
    private IBrowserContext _context = null!;
    private Guid _siteId;

    public async Task InitializeAsync()
    {
        // Real time: the page judges "answers" and "stale" on the wall clock.
        _chain = new TelemetryChain(DateTimeOffset.UtcNow, speed: 1, meters: 6, siteId: TelemetryChain.NewPortalSiteId(), seed: 3, pvPeakWatts: 30_000, standInIntervals: false);
        _chain.Simulation.Meter(0, 3).Fault = MeterFault.Dead;
        _chain.Simulation.Meter(0, 4).Reversed = true;
        _siteId = Guid.ParseExact(_chain.SiteId, "N");
        await _chain.StartPortalAsync(roleOf: unit => MeterRoles[unit - 1], siteName: "Inspected site");
        await _chain.StartEdgeAsync();
        await _chain.PublishPortalConfigAsync(waitUntilApplied: false);
        _context = await browser.NewContextAsync(_chain.Portal, 30_000);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_meter_and_a_reversed_meter_are_flagged_and_the_site_is_not_commissioned()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync(await _chain.Portal.CreateInstallerOfAsync(_siteId));

        await page.GotoAsync($"/installer/sites/{_siteId}/inspection");

        // Healthy meters turn green first; the two faulty ones stay flagged with a hint.
        foreach (var healthy in new[] { 1, 2, 5, 6 })
        {
            await Assertions.Expect(page.Locator($"[data-test=status-m{healthy}]")).ToHaveTextAsync("answers", new() { Timeout = 30_000 });
        }

        await Assertions.Expect(page.Locator("[data-test=status-m4]")).ToHaveTextAsync("reversed?");
        await Assertions.Expect(page.Locator("[data-test=hint-m4]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-test=status-m3]")).ToHaveTextAsync("not answering");
        await Assertions.Expect(page.Locator("[data-test=hint-m3]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-test=not-commissioned]")).ToContainTextAsync("4 of 6");
        await Assertions.Expect(page.Locator("[data-test=commissioned]")).ToHaveCountAsync(0);
    }
}
