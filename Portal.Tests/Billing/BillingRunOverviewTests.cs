using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Billing;
using Portal.Tests.Support;

namespace Portal.Tests.Billing;

/// <summary>The site's runs as its billing page lists them, and the site of a run, for its owner only.</summary>
public sealed class BillingRunOverviewTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private BillingRuns Runs() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<BillingRuns>();

    [Fact]
    public async Task The_overview_counts_a_runs_invoices_and_their_total_for_its_owner_and_nobody_else()
    {
        var site = await BillingSite.CreateAsync(_server);
        var owner = await _server.PrincipalAsync(site.OwnerEmail);
        var created = await Runs().CreateAsync(owner, site.SiteId, site.Month);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        var review = (await Runs().ReviewAsync(owner, created.RunId!.Value))!;

        var overview = (await Runs().OverviewAsync(owner, site.SiteId))!;

        var run = Assert.Single(overview.Runs);
        Assert.Equal(created.RunId, run.Run.Id);
        Assert.Equal(2, run.Invoices);
        Assert.Equal(review.Invoices.Sum(i => i.Total), run.Total);
        Assert.True(run.Total > 0);
        Assert.InRange(overview.Today, site.Month.End, site.Month.End.AddMonths(1).AddDays(-1));
        Assert.Equal(site.SiteId, await Runs().SiteOfAsync(owner, run.Run.Id));

        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        Assert.Null(await Runs().OverviewAsync(stranger, site.SiteId));
        Assert.Null(await Runs().SiteOfAsync(stranger, run.Run.Id));
    }

    [Fact]
    public async Task A_resident_without_an_address_blocks_the_run_until_it_is_added_and_the_run_recomputed()
    {
        var site = await BillingSite.CreateAsync(_server);
        var owner = await _server.PrincipalAsync(site.OwnerEmail);
        var runId = (await Runs().CreateAsync(owner, site.SiteId, site.Month)).RunId!.Value;
        Assert.Contains("(Apartment 2) has no postal address", Assert.Single((await Runs().ReviewAsync(owner, runId))!.Blocking), StringComparison.Ordinal);

        await site.AddSecondAddressAsync(_server);
        var recomputed = await Runs().RecomputeAsync(owner, runId, estimateMissing: false);

        Assert.True(recomputed.Succeeded, string.Join(" ", recomputed.Errors));
        Assert.Empty((await Runs().ReviewAsync(owner, runId))!.Blocking);
        Assert.True((await Runs().ApproveAsync(owner, runId)).Succeeded);
    }
}
