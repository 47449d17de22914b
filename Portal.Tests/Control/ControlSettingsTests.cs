using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Control;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Control;

/// <summary>The control settings service against a real database: who may change them, refusals before anything is stored, and the pushed section.</summary>
public sealed class ControlSettingsTests : IAsyncLifetime
{
    private PortalServer _server = null!;
    private ControlTestSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _site = await ControlTestSite.CreateAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<GatewayConfigMessage> PushedAsync()
    {
        await _server.App.Services.GetRequiredService<GatewayConfigPublisher>().RecordPushAsync(_site.Site.GatewayId);
        var json = await _site.WithDbAsync(db => db.Gateways.Where(g => g.Id == _site.Site.GatewayId).Select(g => g.PushedConfig).SingleAsync());
        return ContractParser.ParseConfig(Encoding.UTF8.GetBytes(json!)).Value!;
    }

    [Fact]
    public async Task The_owner_s_module_and_relay_travel_in_the_pushed_configuration_with_the_introduction_meter_as_grid_meter()
    {
        var relayId = await _site.AddModuleAndRelayAsync(RelayMode.AutoSolar);

        var control = (await PushedAsync()).Control!;

        Assert.Equal([_site.Site.MeterIds[0]], control.GridMeterIds);
        var module = Assert.Single(control.RelayModules);
        Assert.Equal((ControlConfigValidator.Wp8024, _site.BusId, 20), (module.Model, module.BusId, module.UnitId));
        var relay = Assert.Single(control.Relays);
        Assert.Equal((relayId, module.Id, 0, "Boiler", 3000, RelayMode.AutoSolar), (relay.Id, relay.ModuleId, relay.Coil, relay.Appliance, relay.NominalPowerW, relay.Mode));
    }

    [Fact]
    public async Task A_gateway_that_controls_nothing_gets_no_control_section() => Assert.Null((await PushedAsync()).Control);

    [Fact]
    public async Task Minimum_zone_power_above_the_maximum_is_refused_in_the_user_s_words_and_not_stored()
    {
        var settings = new GatewayControlSettings { GatewayId = _site.Site.GatewayId, EvZoneEnabled = true, ZoneMaxPowerW = 5000, ZoneMinPowerW = 6000 };

        var problems = await _site.WithSettingsAsync(s => s.SaveSettingsAsync(_site.Owner, _site.Site.SiteId, _site.Site.GatewayId, settings));

        Assert.Equal(["The minimum zone power (6000 W) is above the maximum (5000 W)."], problems);
        Assert.False(await _site.WithDbAsync(db => db.GatewayControlSettings.AnyAsync()));
    }

    [Fact]
    public async Task A_second_relay_on_a_taken_coil_is_refused()
    {
        await _site.AddModuleAndRelayAsync();
        var module = await _site.WithDbAsync(db => db.RelayModules.SingleAsync());

        var problems = await _site.WithSettingsAsync(s => s.SaveRelayAsync(_site.Owner, _site.Site.SiteId, _site.Site.GatewayId,
            new Relay { Id = "", GatewayId = "", ModuleId = module.Id, Coil = 0, Appliance = "Heat pump", NominalPowerW = 2000, Phases = "L1" }));

        Assert.Single(problems, p => p.Contains("coil 0 of this module already switches another relay", StringComparison.Ordinal));
        Assert.Equal(1, await _site.WithDbAsync(db => db.Relays.CountAsync()));
    }

    [Fact]
    public async Task The_installer_of_the_site_may_change_it_and_another_owner_may_not()
    {
        var installer = await _server.PrincipalAsync(await _server.CreateInstallerOfAsync(_site.Site.SiteId));
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        RelayModule Module() => new() { Id = "", GatewayId = "", BusId = _site.BusId, Name = "M", UnitId = 30 };

        Assert.Empty(await _site.WithSettingsAsync(s => s.SaveModuleAsync(installer, _site.Site.SiteId, _site.Site.GatewayId, Module())));
        Assert.Equal(["Site not found"], await _site.WithSettingsAsync(s => s.SaveModuleAsync(stranger, _site.Site.SiteId, _site.Site.GatewayId, Module())));
        Assert.Null(await _site.WithSettingsAsync(s => s.ForAsync(stranger, _site.Site.SiteId)));
        Assert.Equal(1, await _site.WithDbAsync(db => db.RelayModules.CountAsync()));
    }

    [Fact]
    public async Task A_push_whose_control_no_longer_works_is_refused_and_allocates_no_version()
    {
        await _site.AddModuleAndRelayAsync();
        // The introduction meter became a consumer meter after the relay was set up: nothing to control by.
        await _site.WithDbAsync(db => db.Meters.ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Portal.Sites.MeterRole.Consumer)));

        var refused = await Assert.ThrowsAsync<InputRefusedException>(() => _server.App.Services.GetRequiredService<GatewayConfigPublisher>().RecordPushAsync(_site.Site.GatewayId));

        Assert.Contains(refused.Problems, p => p.StartsWith("Control needs the introduction (grid) meter", StringComparison.Ordinal));
        Assert.Equal(0, await _site.WithDbAsync(db => db.Gateways.Select(g => g.ConfigVersion).SingleAsync()));
    }
}
