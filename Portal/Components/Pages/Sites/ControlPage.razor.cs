using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Contracts.Control;
using Portal.Control;

namespace Portal.Components.Pages.Sites;

/// <summary>
/// A site's control: relay modules, relays, chargers and the gateway's control settings (saved through
/// <see cref="ControlSettings"/>, which refuses what cannot work), the Manual switches and "charge now", and the
/// edge's state and timeline of decisions, updated live from <see cref="ControlFeed"/>.
/// </summary>
public partial class ControlPage : LiveComponent
{
    private static readonly string[] PhaseChoices = ["L1", "L2", "L3", "L1,L2,L3"];
    private static readonly string[] MappingChoices = ["L1,L2,L3", "L2,L3,L1", "L3,L1,L2", "L1", "L2", "L3"];

    private SiteControlView? _view;
    private GatewayControlView? _gateway;
    private bool _loaded;
    private IReadOnlyList<string> _errors = [];
    private RelayModule? _module;
    private Relay? _relay;
    private Charger? _charger;
    private GatewayControlSettings _settings = new() { GatewayId = "" };
    private int _chargeNowHours = 2;
    private IDisposable? _subscription;

    [Inject]
    public required ControlSettings Service { get; init; }

    [Inject]
    public required ControlFeed Feed { get; init; }

    [Inject]
    public required TimeProvider Clock { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Parameter]
    public Guid SiteId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync(_gateway?.GatewayId);
        _loaded = true;
        if (_view is not null && RendererInfo.IsInteractive)
        {
            _subscription?.Dispose();
            _subscription = Feed.Subscribe(SiteId, OnNews);
        }
    }

    private async Task<ClaimsPrincipal> UserAsync() => (await AuthenticationState).User;

    private async Task ReloadAsync(string? gatewayId)
    {
        _view = await Service.ForAsync(await UserAsync(), SiteId);
        _gateway = _view?.Gateways.FirstOrDefault(g => g.GatewayId == gatewayId) ?? (_view is { Gateways.Count: > 0 } ? _view.Gateways[0] : null);
        _settings = Copy(_gateway?.Control.Settings) ?? new GatewayControlSettings { GatewayId = _gateway?.GatewayId ?? "" };
    }

    private async Task SelectGateway(string gatewayId)
    {
        CloseEditors();
        await ReloadAsync(gatewayId);
    }

    // Called on the ingestion thread: the news carries what changed, so the page updates without a reload.
    private void OnNews(ControlNews news) => _ = RenderSafelyAsync(() =>
    {
        if (_view is null)
        {
            return Task.CompletedTask;
        }

        var gateways = _view.Gateways.Select(g => g.GatewayId != news.GatewayId ? g : g with
        {
            State = news.State ?? g.State,
            Timeline = news.Decisions.OrderByDescending(d => d.AtUtc).ThenByDescending(d => d.ActionIndex).Concat(g.Timeline).Take(ControlLimits.TimelineLength).ToList(),
        }).ToList();
        _view = _view with { Gateways = gateways };
        _gateway = gateways.FirstOrDefault(g => g.GatewayId == _gateway?.GatewayId) ?? _gateway;
        StateHasChanged();
        return Task.CompletedTask;
    });

    private void AddModule(GatewayControlView gateway)
    {
        CloseEditors();
        _module = new RelayModule { Id = "", GatewayId = gateway.GatewayId, BusId = gateway.Buses[0].Id, Name = L["Control.ModuleDefaultName", gateway.Control.Modules.Count + 1], UnitId = 10 + gateway.Control.Modules.Count };
    }

    private void EditModule(RelayModule module)
    {
        CloseEditors();
        _module = new RelayModule { Id = module.Id, GatewayId = module.GatewayId, BusId = module.BusId, Name = module.Name, Model = module.Model, UnitId = module.UnitId };
    }

    private void AddRelay(GatewayControlView gateway)
    {
        CloseEditors();
        var module = gateway.Control.Modules[0];
        var used = gateway.Control.Relays.Where(r => r.ModuleId == module.Id).Select(r => r.Coil).ToHashSet();
        _relay = new Relay
        {
            Id = "", GatewayId = gateway.GatewayId, ModuleId = module.Id,
            Coil = Enumerable.Range(0, ControlConfigValidator.Coils).FirstOrDefault(c => !used.Contains(c)),
            NominalPowerW = 2000, Mode = RelayMode.AutoSolar, Phases = "L1", MinOnSeconds = 600, MinOffSeconds = 600,
        };
    }

    private void EditRelay(Relay relay)
    {
        CloseEditors();
        _relay = new Relay { Id = relay.Id, GatewayId = relay.GatewayId, ModuleId = relay.ModuleId };
        _relay = Copy(relay, _relay);
    }

    private void AddCharger()
    {
        CloseEditors();
        _charger = new Charger { GatewayId = _gateway!.GatewayId, OcppId = "" };
    }

    private void EditCharger(Charger charger)
    {
        CloseEditors();
        _charger = new Charger
        {
            Id = charger.Id, GatewayId = charger.GatewayId, OcppId = charger.OcppId, Name = charger.Name, ConnectorId = charger.ConnectorId,
            PhaseMapping = charger.PhaseMapping, MinCurrentA = charger.MinCurrentA, MaxCurrentA = charger.MaxCurrentA, Priority = charger.Priority,
        };
    }

    private void CloseEditors() => (_module, _relay, _charger, _errors) = (null, null, null, []);

    /// <summary>Saves an editor's change; the editor stays open with the server's refusals, or closes when stored.</summary>
    private async Task SaveAsync(Func<ClaimsPrincipal, Task<IReadOnlyList<string>>> save)
    {
        _errors = await save(await UserAsync());
        if (_errors.Count == 0)
        {
            (_module, _relay, _charger) = (null, null, null);
            Snackbar.Add(L["Control.Saved"], Severity.Success);
            await ReloadAsync(_gateway?.GatewayId);
        }
    }

    private async Task RunAsync(Func<ClaimsPrincipal, Task<IReadOnlyList<string>>> action)
    {
        CloseEditors();
        _errors = await action(await UserAsync());
        await ReloadAsync(_gateway?.GatewayId);
    }

    private Task SwitchAsync(Relay relay, bool on) =>
        RunAsync(u => Service.SwitchManualAsync(u, SiteId, relay.GatewayId, relay.Id, on));

    private Task ChargeNowAsync(Charger charger, DateTimeOffset? until) =>
        RunAsync(u => Service.ChargeNowAsync(u, SiteId, charger.GatewayId, charger.Id, until));

    private string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(_view!.TimeZone)).ToString("g", CultureInfo.CurrentCulture);

    private static string ModuleName(GatewayControl control, string moduleId) => control.Modules.Find(m => m.Id == moduleId)?.Name ?? moduleId;

    private static string BusName(GatewayControlView gateway, string busId) =>
        gateway.Buses.FirstOrDefault(b => b.Id == busId) is { } bus && bus.Name.Length > 0 ? bus.Name : busId;

    private string RelayNow(GatewayControlView gateway, string relayId) =>
        gateway.State?.Relays.FirstOrDefault(r => r.RelayId == relayId) is { } state
            ? $"{(state.On ? L["Control.On"] : L["Control.Off"])} · {ControlWords.Reason(state.Reason, L)}"
            : L["Control.Unreported"];

    private string ChargerNow(GatewayControlView gateway, Charger charger) =>
        gateway.State?.Chargers.FirstOrDefault(c => c.ChargerId == charger.OcppId) is { } state
            ? L["Control.ChargerNow", state.Status, state.LimitA.ToString("0.#", CultureInfo.CurrentCulture), state.Phases, ControlWords.Reason(state.Reason, L)]
            : L["Control.Unreported"];

    private static string TargetName(GatewayControl control, ControlDecisionRecord entry) => entry.Kind == ControlTargetKind.Relay
        ? control.Relays.Find(r => r.Id == entry.TargetId)?.Appliance ?? entry.TargetId
        : entry.TargetId;

    private string Action(ControlDecisionRecord entry) => entry switch
    {
        { On: { } on } => on ? L["Control.SwitchedOn"] : L["Control.SwitchedOff"],
        { LimitA: 0 } => L["Control.Paused"],
        { LimitA: { } limit } => L["Control.LimitSet", limit.ToString("0.#", CultureInfo.CurrentCulture), entry.Phases ?? 1],
        _ => "",
    };

    private static GatewayControlSettings? Copy(GatewayControlSettings? s) => s is null ? null : new GatewayControlSettings
    {
        GatewayId = s.GatewayId, SitePhases = s.SitePhases, EvZoneEnabled = s.EvZoneEnabled, ZoneMaxPowerW = s.ZoneMaxPowerW, ZoneMinPowerW = s.ZoneMinPowerW,
        ZonePhases = s.ZonePhases, LoadManagementEnabled = s.LoadManagementEnabled, MainLimitA = s.MainLimitA, MarginA = s.MarginA,
        RippleEnabled = s.RippleEnabled, RippleModuleId = s.RippleModuleId, RippleReducedInput = s.RippleReducedInput, RippleLockedInput = s.RippleLockedInput,
        RippleReducedLimitW = s.RippleReducedLimitW, RippleReducedLimitA = s.RippleReducedLimitA, PeakGuardEnabled = s.PeakGuardEnabled, PeakTargetsW = s.PeakTargetsW,
    };

    private static Relay Copy(Relay from, Relay to)
    {
        (to.Coil, to.Appliance, to.NominalPowerW, to.Mode, to.Priority, to.Phases, to.MinOnSeconds, to.MinOffSeconds, to.Windows) =
            (from.Coil, from.Appliance, from.NominalPowerW, from.Mode, from.Priority, from.Phases, from.MinOnSeconds, from.MinOffSeconds, from.Windows);
        (to.ThresholdOnBelowWh, to.ThresholdOffAboveWh, to.ThresholdIntervalSeconds, to.StepGroup, to.StepIndex, to.ManualOn) =
            (from.ThresholdOnBelowWh, from.ThresholdOffAboveWh, from.ThresholdIntervalSeconds, from.StepGroup, from.StepIndex, from.ManualOn);
        return to;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription?.Dispose();
        }

        base.Dispose(disposing);
    }
}
