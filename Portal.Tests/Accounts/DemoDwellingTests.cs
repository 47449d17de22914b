using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>The demo's people: its resident lives in one dwelling of the demo site, its installer commissions the site.</summary>
public sealed class DemoDwellingTests
{
    [Fact]
    public async Task The_demo_resident_lives_in_one_dwelling_since_a_past_day_and_the_demo_installer_sees_the_demo_site()
    {
        await using var server = await PortalServer.StartAsync("--Portal:Demo:Seed=true");
        await using var scope = server.App.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<SiteDirectory>();

        var homes = await directory.ResidencesOfAsync(await server.IdOfAsync("resident@demo.example"));
        var installerSites = await directory.CommissionedByAsync(await server.PrincipalAsync("installer@demo.example"));

        var home = Assert.Single(homes);
        Assert.Equal((DemoSeeder.ResidentDwelling, DemoSeeder.SiteName, true, DemoSeeder.ResidentMoveIn), (home.BillingPoint, home.Site, home.IsCurrent, home.MoveIn));
        Assert.Equal([DemoSeeder.SiteId], installerSites.Select(s => s.Id));
    }
}
