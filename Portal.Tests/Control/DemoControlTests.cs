using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Control;

/// <summary>The demo cabinet's control settings reach its pushed configuration and pass the shared validator.</summary>
public sealed class DemoControlTests
{
    [Fact]
    public async Task The_demo_gateway_s_pushed_configuration_carries_a_valid_control_section_with_its_relays_and_chargers()
    {
        await using var server = await PortalServer.StartAsync("--Portal:Demo:Seed=true");
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var json = await db.Gateways.Where(g => g.Id == DemoSeeder.GatewayId).Select(g => g.PushedConfig).SingleAsync();

        var config = ContractParser.ParseConfig(Encoding.UTF8.GetBytes(json!)).Value!;

        Assert.Empty(ControlConfigValidator.Check(config.Control!, config.Polling));
        var relays = config.Control!.Relays.OrderBy(r => r.Coil).ToList();
        Assert.Equal([RelayMode.AutoSolar, RelayMode.AutoSolar, RelayMode.AutoSolar, RelayMode.Threshold], relays.Select(r => r.Mode));
        // What portal.sh tells the simulator each coil switches: --relay-load 3000:L1,2000:L1L2L3,2000:L1L2L3,750:L2.
        Assert.Equal([3000, 2000, 2000, 750], relays.Select(r => r.NominalPowerW));
        Assert.Equal([[Phase.L1], [Phase.L1, Phase.L2, Phase.L3], [Phase.L1, Phase.L2, Phase.L3], [Phase.L2]], relays.Select(r => r.Phases.ToArray()));
        Assert.Equal([null, "tilleuls-heatpump", "tilleuls-heatpump", null], relays.Select(r => r.StepGroup));
        Assert.Equal([[Phase.L1, Phase.L2, Phase.L3], [Phase.L2]], config.Control.EvZone!.Chargers.Select(c => c.PhaseMapping.ToArray()));
        Assert.Equal(new LoadManagementConfig(40, 2), config.Control.LoadManagement);
    }
}
