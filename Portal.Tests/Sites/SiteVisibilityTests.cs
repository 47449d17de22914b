using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Sites;

/// <summary>Who sees which site: installers their own, residents their dwelling for the time they live there, archived sites hidden.</summary>
public sealed class SiteVisibilityTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private T Service<T>() where T : notnull => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    [Fact]
    public async Task An_installer_sees_the_sites_they_created_or_were_assigned_and_no_other()
    {
        var alice = await _server.CreateAccountAsync(Roles.Installer);
        var bruno = await _server.CreateAccountAsync(Roles.Installer);
        var created = await Service<SiteCommissioning>().SaveSiteAsync(null, new SiteForm { Name = "Created by Alice" }, await _server.IdOfAsync(alice));
        var other = (await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-visibility")).SiteId;
        var administrator = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Administrator));
        Assert.Empty(await Service<SiteDirectory>().AssignInstallerAsync(administrator, other, await _server.IdOfAsync(bruno)));

        var seenByAlice = await Service<SiteDirectory>().CommissionedByAsync(await _server.PrincipalAsync(alice));
        var seenByBruno = await Service<SiteDirectory>().CommissionedByAsync(await _server.PrincipalAsync(bruno));

        Assert.Equal([created], seenByAlice.Select(s => s.Id));
        Assert.Equal([other], seenByBruno.Select(s => s.Id));
        Assert.Null(await Service<SiteTelemetry>().ForAsync(await _server.PrincipalAsync(alice), other));
        Assert.NotNull(await Service<SiteTelemetry>().ForAsync(await _server.PrincipalAsync(bruno), other));
        Assert.Equal(2, (await Service<SiteDirectory>().AllAsync()).Count);
    }

    [Fact]
    public async Task Only_an_administrator_assigns_installers_and_only_to_installer_accounts()
    {
        var site = (await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-assign")).SiteId;
        var owner = await _server.CreateAccountAsync(Roles.Owner);
        var installer = await _server.CreateAccountAsync(Roles.Installer);
        var administrator = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Administrator));

        Assert.NotEmpty(await Service<SiteDirectory>().AssignInstallerAsync(await _server.PrincipalAsync(installer), site, await _server.IdOfAsync(installer)));
        Assert.NotEmpty(await Service<SiteDirectory>().AssignInstallerAsync(administrator, site, await _server.IdOfAsync(owner)));
        Assert.Empty(await Service<SiteDirectory>().CommissionedByAsync(await _server.PrincipalAsync(installer)));
    }

    [Fact]
    public async Task Archived_sites_are_left_out_of_lists_unless_asked_for_and_their_wizard_saves_nothing()
    {
        var ownerEmail = await _server.CreateAccountAsync(Roles.Owner);
        var owner = await _server.PrincipalAsync(ownerEmail);
        var kept = await _server.CreateOwnedSiteAsync(ownerEmail);
        var archived = await _server.CreateOwnedSiteAsync(ownerEmail);
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));

        Assert.NotEmpty(await Service<SiteDirectory>().SetArchivedAsync(stranger, archived, archived: true));
        Assert.Empty(await Service<SiteDirectory>().SetArchivedAsync(owner, archived, archived: true));

        var ownerId = await _server.IdOfAsync(ownerEmail);
        Assert.Equal([kept], (await Service<SiteDirectory>().OwnedByAsync(ownerId)).Select(s => s.Id));
        var all = await Service<SiteDirectory>().OwnedByAsync(ownerId, includeArchived: true);
        Assert.True(all.Single(s => s.Id == archived).Archived);
        await Assert.ThrowsAsync<InputRefusedException>(() => Service<SiteCommissioning>().SaveRouterAsync(archived, "LAN", "R-1"));

        Assert.Empty(await Service<SiteDirectory>().SetArchivedAsync(await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Administrator)), archived, archived: false));
        Assert.Equal(2, (await Service<SiteDirectory>().OwnedByAsync(ownerId)).Count);
    }

    [Fact]
    public async Task A_resident_sees_their_dwelling_while_they_live_there_and_afterwards_only_as_a_past_one()
    {
        var ownerEmail = await _server.CreateAccountAsync(Roles.Owner);
        var site = await _server.CreateOwnedSiteAsync(ownerEmail, "Apartment 2.1", "Apartment 2.2");
        var residentEmail = await _server.CreateAccountAsync(Roles.Resident);
        var neighbour = await _server.CreateAccountAsync(Roles.Resident);
        var owner = await _server.PrincipalAsync(ownerEmail);
        var points = (await Service<BillingPoints>().ForAsync(owner, site))!.Points;
        var today = new DateOnly(2026, 12, 1);
        Assert.True((await Service<BillingPoints>().LinkResidentAsync(owner, site, points[0].Id, new ResidentLink(residentEmail, "", today.AddMonths(-3), today.AddDays(2)))).Succeeded);
        Assert.True((await Service<BillingPoints>().LinkResidentAsync(owner, site, points[1].Id, new ResidentLink(neighbour, "", today.AddMonths(-3), null))).Succeeded);
        Assert.True((await Service<BillingPoints>().LinkResidentAsync(owner, site, points[1].Id, new ResidentLink(residentEmail, "", today.AddYears(-3), today.AddYears(-2)))).Succeeded);
        var resident = await _server.IdOfAsync(residentEmail);

        var now = await Service<SiteDirectory>().ResidencesOfAsync(resident);
        _clock.Advance(TimeSpan.FromDays(2));
        var after = await Service<SiteDirectory>().ResidencesOfAsync(resident);

        var current = Assert.Single(now, r => r.IsCurrent);
        Assert.Equal("Apartment 2.1", current.BillingPoint);
        Assert.NotEqual("", current.Address);
        Assert.Equal("Apartment 2.2", Assert.Single(now, r => !r.IsCurrent).BillingPoint);
        Assert.DoesNotContain(after, r => r.IsCurrent);
        Assert.All(after, r => Assert.Equal("", r.Address));
        Assert.Equal(["Apartment 2.1", "Apartment 2.2"], after.Select(r => r.BillingPoint));
    }

    [Fact]
    public async Task A_resident_does_not_see_a_dwelling_before_moving_in()
    {
        var ownerEmail = await _server.CreateAccountAsync(Roles.Owner);
        var site = await _server.CreateOwnedSiteAsync(ownerEmail, "Apartment 3.1");
        var residentEmail = await _server.CreateAccountAsync(Roles.Resident);
        var owner = await _server.PrincipalAsync(ownerEmail);
        var point = (await Service<BillingPoints>().ForAsync(owner, site))!.Points.Single();
        Assert.True((await Service<BillingPoints>().LinkResidentAsync(owner, site, point.Id, new ResidentLink(residentEmail, "", new DateOnly(2026, 12, 15), null))).Succeeded);

        Assert.Empty(await Service<SiteDirectory>().ResidencesOfAsync(await _server.IdOfAsync(residentEmail)));
        _clock.Advance(TimeSpan.FromDays(14));
        Assert.True(Assert.Single(await Service<SiteDirectory>().ResidencesOfAsync(await _server.IdOfAsync(residentEmail))).IsCurrent);
    }
}

/// <summary>With <c>Portal:Installers:SeeAllSites</c> on, a support installer sees every site and opens its pages.</summary>
public sealed class SupportInstallerTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync("--Portal:Installers:SeeAllSites=true");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_support_installer_sees_every_site()
    {
        var site = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-support");
        var installer = await _server.CreateAccountAsync(Roles.Installer);

        var seen = await _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<SiteDirectory>().CommissionedByAsync(await _server.PrincipalAsync(installer));
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, installer);

        Assert.Equal([site.SiteId], seen.Select(s => s.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/installer/sites/{site.SiteId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/installer/sites/{site.SiteId}/meters.csv")).StatusCode);
    }
}
