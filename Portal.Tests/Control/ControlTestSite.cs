using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Control;
using Portal.Contracts.Control;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Control;

/// <summary>A telemetry site whose first meter is the introduction meter, with an owner, and its control service.</summary>
internal sealed class ControlTestSite
{
    private ControlTestSite(PortalServer server, TelemetrySite site, System.Security.Claims.ClaimsPrincipal owner, string ownerEmail)
    {
        OwnerEmail = ownerEmail;
        Server = server;
        Site = site;
        Owner = owner;
    }

    public PortalServer Server { get; }

    public string OwnerEmail { get; }

    public TelemetrySite Site { get; }

    public System.Security.Claims.ClaimsPrincipal Owner { get; }

    public string BusId => $"{Site.GatewayId}-bus-1";

    public static async Task<ControlTestSite> CreateAsync(PortalServer server, string gatewayId = "gw-control")
    {
        var site = await TelemetrySite.CreateAsync(server.App.Services, gatewayId, meters: 2);
        await using (var db = await server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Meters.Where(m => m.Id == site.MeterIds[0]).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, MeterRole.GridIntroduction));
        }

        var email = await server.CreateOwnerOfAsync(site.SiteId);
        return new ControlTestSite(server, site, await server.PrincipalAsync(email), email);
    }

    public async Task<T> WithSettingsAsync<T>(Func<ControlSettings, Task<T>> use)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<ControlSettings>());
    }

    /// <summary>A WP8024 on unit 20 with a relay in <paramref name="mode"/> on coil 0; returns the relay's id.</summary>
    public async Task<string> AddModuleAndRelayAsync(RelayMode mode = RelayMode.Manual)
    {
        Assert.Empty(await WithSettingsAsync(s => s.SaveModuleAsync(Owner, Site.SiteId, Site.GatewayId,
            new RelayModule { Id = "", GatewayId = Site.GatewayId, BusId = BusId, Name = "Cellar", UnitId = 20 })));
        var module = await WithDbAsync(db => db.RelayModules.SingleAsync(m => m.GatewayId == Site.GatewayId));
        Assert.Empty(await WithSettingsAsync(s => s.SaveRelayAsync(Owner, Site.SiteId, Site.GatewayId,
            new Relay { Id = "", GatewayId = Site.GatewayId, ModuleId = module.Id, Coil = 0, Appliance = "Boiler", NominalPowerW = 3000, Mode = mode, Phases = "L1" })));
        return await WithDbAsync(db => db.Relays.Where(r => r.ModuleId == module.Id).Select(r => r.Id).SingleAsync());
    }

    /// <summary>An EV zone of 11 kW with one three-phase charger <paramref name="ocppId"/>; returns its id.</summary>
    public async Task<Guid> AddChargerAsync(string ocppId)
    {
        Assert.Empty(await WithSettingsAsync(s => s.SaveSettingsAsync(Owner, Site.SiteId, Site.GatewayId,
            new GatewayControlSettings { GatewayId = Site.GatewayId, EvZoneEnabled = true, ZoneMaxPowerW = 11000, ZoneMinPowerW = 0 })));
        Assert.Empty(await WithSettingsAsync(s => s.SaveChargerAsync(Owner, Site.SiteId, Site.GatewayId,
            new Charger { GatewayId = Site.GatewayId, OcppId = ocppId, Name = "Garage" })));
        return await WithDbAsync(db => db.Chargers.Where(c => c.GatewayId == Site.GatewayId && c.OcppId == ocppId).Select(c => c.Id).SingleAsync());
    }

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> use)
    {
        await using var db = await Server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await use(db);
    }
}
