using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Commissioning;
using Portal.Components.Pages.Installer.Wizard;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Components;

/// <summary>
/// Wizard components rendered by bUnit, where a browser adds nothing: what the site step says
/// when it refuses to save, and the rows the meter grid shows. The context is disposed
/// asynchronously (MudBlazor's services are only IAsyncDisposable, STACK.md).
/// </summary>
public sealed class WizardComponentTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private WebApplication? _portal;
    private AsyncServiceScope _scope;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en-CH");
        // The real services over a migrated, empty database: built, never started.
        _portal = await PortalServer.BuildPreparedAsync("bunit");
        _scope = _portal.Services.CreateAsyncScope();

        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<SiteCommissioning>());
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _scope.DisposeAsync();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = _culture;
    }

    [Fact]
    public void Site_step_without_a_name_shows_why_and_saves_nothing()
    {
        var saved = false;
        var step = _context.Render<SiteStep>(p => p.Add(s => s.Saved, (Guid _) => saved = true));

        step.Find("[data-test=save-step]").Click();

        var errors = step.FindAll("[data-test=step-error]");
        Assert.Single(errors);
        Assert.Contains("name", errors[0].TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.False(saved);
    }

    [Fact]
    public void Site_step_for_a_virtual_rcp_with_one_connection_asks_for_a_second()
    {
        var step = _context.Render<SiteStep>(p => p.Add(s => s.View, View(SiteType.VirtualRcp)));

        step.Find("[data-test=save-step]").Click();

        var error = Assert.Single(step.FindAll("[data-test=step-error]"));
        Assert.Equal(SiteChecks.Check(new SiteForm { Name = "Les Tilleuls", Type = SiteType.VirtualRcp }, Text())[0], error.TextContent.Trim());
    }

    [Fact]
    public void Meter_grid_shows_one_row_per_meter_with_its_bus_name_role_and_edit_and_delete_buttons()
    {
        var view = View(SiteType.StandardRcp);

        var grid = _context.Render<MeterGrid>(p => p.Add(g => g.View, view));

        // Each meter's row, not the (closed) editor row the grid keeps under it.
        var rows = grid.FindAll("[data-test=site-meters] tbody tr").Where(r => r.QuerySelector("[data-test^=delete-]") is not null).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("Grid introduction", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Converter 1", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("PV production", rows[1].TextContent, StringComparison.Ordinal);
        Assert.All(view.Meters, m =>
        {
            Assert.Single(grid.FindAll($"[data-test=edit-{m.UnitId}]"));
            Assert.Single(grid.FindAll($"[data-test=delete-{m.UnitId}]"));
        });
    }

    [Fact]
    public void Meter_grid_opens_the_editor_of_a_meter_under_its_row_filled_with_its_values()
    {
        var grid = _context.Render<MeterGrid>(p => p.Add(g => g.View, View(SiteType.StandardRcp)));

        grid.Find("[data-test=edit-2]").Click();

        var editor = Assert.Single(grid.FindAll("[data-test=meter-editor]"));
        Assert.Equal("PV inverter", grid.Find("input[data-test=edit-name]").GetAttribute("value"));
        Assert.Equal("2", grid.Find("input[data-test=edit-unit]").GetAttribute("value"));
        Assert.NotNull(editor.Closest("[data-test=site-meters]"));
    }

    [Fact]
    public void A_refused_file_clears_the_previous_sheets_preview_and_says_why_once()
    {
        var step = _context.Render<MetersStep>(p => p.Add(s => s.View, View(SiteType.StandardRcp)));
        step.Find("[data-test=meter-paste]").Input("Apartment 9,SDM630,,,Converter 1,9,consumer,Apartment 9");
        step.Find("[data-test=check-sheet]").Click();
        Assert.Single(step.FindAll("[data-test=sheet-preview]"));

        step.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "meters.xlsx"));

        step.WaitForAssertion(() => Assert.Empty(step.FindAll("[data-test=sheet-preview]")));
        Assert.Equal(CommissioningResource.DefaultLocalizer["Sheet.NotText", 1].Value, step.Find("[data-test=meters-error]").TextContent.Trim());
        Assert.Empty(step.FindAll("[data-test=cell-error]"));
        Assert.Equal("", step.Find("[data-test=meter-paste]").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Battery_step_refuses_a_capacity_that_is_no_number_instead_of_saving_the_site_without_a_battery()
    {
        var saved = false;
        var step = _context.Render<BatteryStep>(p => p.Add(s => s.View, View(SiteType.StandardRcp)).Add(s => s.Saved, () => saved = true));
        step.Find("[data-test=battery-capacity] input, input[data-test=battery-capacity]").Change("13.5");
        step.Find("[data-test=battery-capacity] input, input[data-test=battery-capacity]").Change("lots");

        step.Find("[data-test=save-step]").Click();

        Assert.Equal(FieldLimits.CapacityKwh.Check(null, Text()), step.Find("[data-test=step-error]").TextContent.Trim());
        Assert.False(saved);
    }

    [Fact]
    public void Buses_step_refuses_a_port_that_is_no_whole_number_instead_of_keeping_the_old_port()
    {
        var saved = false;
        var step = _context.Render<BusesStep>(p => p.Add(s => s.View, View(SiteType.StandardRcp)).Add(s => s.Saved, () => saved = true));

        step.Find("[data-test=bus-port] input, input[data-test=bus-port]").Change("5.5");
        step.Find("[data-test=save-step]").Click();

        Assert.Equal(FieldLimits.Port.Check((int?)null, Text()), step.Find("[data-test=step-error]").TextContent.Trim());
        Assert.False(saved);
    }

    private static SiteWizardView View(SiteType type)
    {
        var site = new Site { Name = "Les Tilleuls", Type = type };
        var bus = new Bus { Id = "bus-1", GatewayId = "gw-1", Name = "Converter 1", Kind = BusKind.Tcp, Host = "192.168.1.50", Port = 502 };
        Meter[] meters =
        [
            new() { Id = "m1", SiteId = site.Id, BusId = bus.Id, Name = "Grid introduction", Model = "SDM630MCT", CtRatio = 200, UnitId = 1, Role = MeterRole.GridIntroduction },
            new() { Id = "m2", SiteId = site.Id, BusId = bus.Id, Name = "PV inverter", Model = "SDM630", UnitId = 2, Role = MeterRole.PvProduction },
            new() { Id = "m3", SiteId = site.Id, BusId = bus.Id, Name = "Apartment 1", Model = "SDM630", UnitId = 3, Role = MeterRole.Consumer },
        ];
        return new SiteWizardView(site, [new GridConnection { Name = "Main connection", SiteId = site.Id, MainFuseA = 63 }], null, [bus], meters, [], null, new Dictionary<Guid, string>());
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer Text() =>
        new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Create(typeof(Portal.Localization.SharedResource));
}
