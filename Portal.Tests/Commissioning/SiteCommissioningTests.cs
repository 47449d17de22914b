using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

/// <summary>
/// The wizard's service over a real, migrated database (the portal's own services, built, never
/// started): what it refuses, with the form's messages, and that nothing is stored then.
/// </summary>
public sealed class SiteCommissioningTests : IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private readonly Microsoft.Extensions.Localization.IStringLocalizer _shared = SharedIn("en-CH");
    private WebApplication _portal = null!;
    private AsyncServiceScope _scope;

    private SiteCommissioning Commissioning => _scope.ServiceProvider.GetRequiredService<SiteCommissioning>();

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en-CH");
        _portal = await PortalServer.BuildPreparedAsync("commissioning");
        _scope = _portal.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _portal.DisposeAsync();
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _culture;
    }

    [Fact]
    public async Task A_new_meter_with_the_serial_of_a_stored_meter_is_refused_on_its_line_and_not_stored()
    {
        var siteId = await SiteWithBusAsync();
        Assert.False((await Commissioning.AddMetersAsync(siteId, [Row(2, name: "Apartment 1", serial: "21000001", bus: "Converter 1", unitId: "1")])).HasErrors);

        var check = await Commissioning.AddMetersAsync(siteId, [Row(2, name: "Apartment 2", serial: "21000001", bus: "Converter 1", unitId: "2")]);

        var problem = Assert.Single(check.Problems, p => !p.IsWarning);
        Assert.Equal((2, MeterColumn.Serial), (problem.Line, problem.Column));
        Assert.Contains("Apartment 1", problem.Message, StringComparison.Ordinal);
        Assert.Single((await Commissioning.LoadAsync(siteId))!.Meters);
    }

    [Fact]
    public async Task The_preview_checks_pasted_rows_against_the_serials_of_stored_meters()
    {
        var siteId = await SiteWithBusAsync();
        await Commissioning.AddMetersAsync(siteId, [Row(2, name: "Apartment 1", serial: "21000001", bus: "Converter 1", unitId: "1")]);

        // The meters step's preview: the stored site, then the pasted rows checked against it.
        var check = SiteCommissioning.CheckSheet((await Commissioning.LoadAsync(siteId))!, [Row(5, name: "Apartment 2", serial: " 21000001 ", bus: "Converter 1", unitId: "2")], English);

        Assert.Equal([(5, MeterColumn.Serial)], check.Problems.Where(p => !p.IsWarning).Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public async Task An_edited_meter_keeps_its_own_serial_but_cannot_take_another_meters()
    {
        var siteId = await SiteWithBusAsync();
        await Commissioning.AddMetersAsync(siteId, [Row(2, name: "Apartment 1", serial: "21000001", unitId: "1"), Row(3, name: "Apartment 2", serial: "21000002", unitId: "2")]);
        var second = (await Commissioning.LoadAsync(siteId))!.Meters.Single(m => m.Name == "Apartment 2");

        Assert.False((await Commissioning.UpdateMeterAsync(siteId, second.Id, Row(1, name: "Apartment 2b", serial: "21000002", unitId: "2"))).HasErrors);
        var clash = await Commissioning.UpdateMeterAsync(siteId, second.Id, Row(1, name: "Apartment 2c", serial: "21000001", unitId: "2"));

        Assert.True(clash.HasErrors);
        Assert.Equal("Apartment 2b", (await Commissioning.LoadAsync(siteId))!.Meters.Single(m => m.Id == second.Id).Name);
    }

    [Fact]
    public async Task A_5500_character_site_name_is_refused_with_the_forms_message_and_no_site_is_stored()
    {
        var form = new SiteForm { Name = new string('A', 5500) };

        var refused = await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveSiteAsync(null, form));

        Assert.Equal([FieldLimits.SiteName.Check(form.Name, _shared)!], refused.Problems);
        Assert.Equal(0, await CountAsync(db => db.Sites));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("99999")]
    [InlineData("63.7")]
    public async Task A_main_fuse_outside_6_to_4000_A_or_not_whole_is_refused_and_the_stored_fuse_is_kept(string typed)
    {
        var siteId = await Commissioning.SaveSiteAsync(null, new SiteForm { Name = "Les Tilleuls", Connections = [new GridConnectionForm { MainFuseA = "80" }] });
        var view = (await Commissioning.LoadAsync(siteId))!;
        var change = new SiteForm { Name = "Les Tilleuls renamed", Connections = [new GridConnectionForm { Id = view.Connections[0].Id, MainFuseA = typed }] };

        var refused = await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveSiteAsync(siteId, change));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveSiteAsync(null, change));

        Assert.Equal([_shared["Limit.WholeNumber", _shared["Wizard.MainFuse"], 6, 4000].Value], refused.Problems);
        var stored = (await Commissioning.LoadAsync(siteId))!;
        Assert.Equal(("Les Tilleuls", 80), (stored.Site.Name, Assert.Single(stored.Connections).MainFuseA));
        Assert.Equal(1, await CountAsync(db => db.Sites));
    }

    [Fact]
    public async Task Router_gateway_bus_pv_and_battery_steps_refuse_what_breaks_their_limits_and_store_nothing()
    {
        var siteId = await SiteWithBusAsync();
        var tooLong = new string('9', 101);

        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveRouterAsync(siteId, "4G", tooLong));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveRouterAsync(siteId, "5G", "RUT-1"));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveGatewayAsync(siteId, GatewayKind.Local, tooLong, newPassword: false));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveBusesAsync(siteId, [new BusForm { Name = new string('B', 201), Host = "10.0.0.9" }]));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveBusesAsync(siteId, [new BusForm { Name = "Converter 1", Host = "10.0.0.9", Port = 0 }]));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SavePvAsync(siteId, "PV", 0m, "", null));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SavePvAsync(siteId, "PV", 12.345m, "", null));
        await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveBatteryAsync(siteId, 0m, 5m, null));

        var view = (await Commissioning.LoadAsync(siteId))!;
        Assert.Equal(("", "GW-1", "Converter 1", 502), (view.Site.RouterSerial, view.Gateway!.Serial, Assert.Single(view.Buses).Name, view.Buses[0].Port));
        Assert.Empty(view.Pv);
        Assert.Null(view.Battery);
    }

    [Fact]
    public async Task A_step_saved_on_an_archived_site_is_refused_with_the_archive_message_and_changes_nothing()
    {
        var siteId = await SiteWithBusAsync();
        await using (var db = await _scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Sites.Where(s => s.Id == siteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ArchivedUtc, new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc)));
        }

        var refused = await Assert.ThrowsAsync<InputRefusedException>(() => Commissioning.SaveRouterAsync(siteId, "4G", "RUT-1"));

        Assert.Equal([_shared["Site.ArchivedReadOnly"].Value], refused.Problems);
        Assert.Equal("", (await Commissioning.LoadAsync(siteId))!.Site.RouterSerial);
    }

    [Theory]
    [InlineData("en-CH")]
    [InlineData("fr-CH")]
    [InlineData("de-CH")]
    public async Task The_downloaded_meter_sheet_imported_into_a_site_with_the_same_buses_gives_the_same_meters(string culture)
    {
        var source = await SiteWithBusAsync();
        MeterRow[] rows =
        [
            Row(2, name: "Introduction réseau", model: "SDM630MCT", ctRatio: "100/5", serial: "21000001", unitId: "1", role: "grid", billingPoint: ""),
            Row(3, name: "Appartement 1.5 \"Zoé\"; étage 1", serial: "21000002", unitId: "2", billingPoint: "Appartement 1.5, Zoé"),
            Row(4, name: "Wohnung 2,5 Zi. Müller", model: "SDM630MCT", ctRatio: "2000 A", serial: "21000003", unitId: "3", role: "Allgemeinstrom", billingPoint: "Treppenhaus"),
        ];
        Assert.False((await Commissioning.AddMetersAsync(source, rows)).HasErrors);
        var exported = (await Commissioning.LoadAsync(source))!;

        var sheet = MeterSheet.Write(SiteCommissioning.SheetOf(exported), In(culture), new CultureInfo(culture));
        var target = await SiteWithBusAsync("gw-2");
        var parse = MeterSheet.Parse(sheet, In(culture));
        var imported = await Commissioning.AddMetersAsync(target, parse.Rows);

        Assert.Empty(parse.Problems);
        Assert.False(imported.HasErrors);
        Assert.Equal(Meters(exported), Meters((await Commissioning.LoadAsync(target))!));
    }

    private static List<(string, string, int?, string, string, int, MeterRole, string)> Meters(SiteWizardView view) =>
        view.Meters
            .Select(m => (m.Name, m.Model, m.CtRatio, m.Serial, view.Buses.Single(b => b.Id == m.BusId).Name, m.UnitId, m.Role, view.BillingPointNames.GetValueOrDefault(m.BillingPointId ?? Guid.Empty, "")))
            .OrderBy(m => m.UnitId)
            .ToList();

    /// <summary>A site with one connection, a gateway and a converter "Converter 1", stored as the wizard leaves them.</summary>
    private async Task<Guid> SiteWithBusAsync(string gatewayId = "gw-1")
    {
        var siteId = await Commissioning.SaveSiteAsync(null, new SiteForm { Name = "Site " + gatewayId });
        await using var db = await _scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Gateways.Add(new Gateway { Id = gatewayId, SiteId = siteId, MqttUsername = gatewayId, Serial = "GW-1" });
        db.Buses.Add(new Bus { Id = gatewayId + "-b1", GatewayId = gatewayId, Name = "Converter 1", Kind = BusKind.Tcp, Host = "192.168.1.50", Port = 502 });
        await db.SaveChangesAsync();
        return siteId;
    }

    private async Task<int> CountAsync<T>(Func<PortalDbContext, IQueryable<T>> set)
    {
        await using var db = await _scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await set(db).CountAsync();
    }
}
