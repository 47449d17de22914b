using Portal.Contracts.Control;
using Portal.Sites;

namespace Portal.Control;

/// <summary>
/// A gateway's control settings as the wire contract carries them (<see cref="ControlConfig"/>): pure, so the
/// pushed section and the validation before a save are one mapping. Stored phases or windows that do not parse
/// become empty lists, which <see cref="ControlConfigValidator"/> refuses.
/// </summary>
public static class ControlConfigBuilder
{
    /// <summary>The control section, or null when the gateway controls nothing (no modules, no chargers, nothing enabled).</summary>
    public static ControlConfig? Of(GatewayControl control, IEnumerable<Meter> gatewayMeters)
    {
        var settings = control.Settings;
        var controlsSomething = control.Modules.Count > 0 || control.Chargers.Count > 0
            || settings is { EvZoneEnabled: true } or { LoadManagementEnabled: true } or { RippleEnabled: true } or { PeakGuardEnabled: true };
        if (!controlsSomething)
        {
            return null;
        }

        var gridMeters = gatewayMeters.Where(m => m.Role == MeterRole.GridIntroduction).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var chargers = control.Chargers.OrderBy(c => c.OcppId, StringComparer.Ordinal)
            .Select(c => new ChargerConfig(c.OcppId, PhaseList.Parse(c.PhaseMapping) ?? [], c.ConnectorId, "ocpp16", c.MinCurrentA, c.MaxCurrentA, c.Priority))
            .ToList();
        settings ??= new GatewayControlSettings { GatewayId = "" };
        return new ControlConfig(
            gridMeters,
            control.Modules.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => new RelayModuleConfig(m.Id, m.Model, m.BusId, m.UnitId)).ToList(),
            control.Relays.OrderBy(r => r.Id, StringComparer.Ordinal).Select(RelayOf).ToList(),
            settings.EvZoneEnabled || chargers.Count > 0 ? new EvZoneConfig(settings.ZoneMaxPowerW, settings.ZoneMinPowerW, settings.ZonePhases, chargers) : null,
            settings.LoadManagementEnabled ? new LoadManagementConfig(settings.MainLimitA, settings.MarginA) : null,
            settings.RippleEnabled
                ? new RippleControlConfig(settings.RippleModuleId ?? "", settings.RippleReducedInput, settings.RippleLockedInput, settings.RippleReducedLimitW, settings.RippleReducedLimitA)
                : null,
            settings.PeakGuardEnabled ? new PeakGuardConfig(Targets(settings.PeakTargetsW)) : null,
            settings.SitePhases);
    }

    /// <summary>Monthly targets "5000,5000,..." (a part that is not a number counts as 0, which is refused).</summary>
    public static IReadOnlyList<int> Targets(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : 0).ToList();

    private static RelayConfig RelayOf(Relay r) => new(
        r.Id,
        r.ModuleId,
        r.Coil,
        r.Appliance.Trim(),
        r.NominalPowerW,
        r.Mode,
        r.Priority,
        PhaseList.Parse(r.Phases) ?? [],
        r.MinOnSeconds,
        r.MinOffSeconds,
        TimeWindows.Parse(r.Windows) ?? [new TimeWindowConfig([], default, default)],
        r.ThresholdOnBelowWh is { } on && r.ThresholdOffAboveWh is { } off && r.ThresholdIntervalSeconds is { } interval ? new ThresholdConfig(on, off, interval) : null,
        string.IsNullOrWhiteSpace(r.StepGroup) ? null : r.StepGroup.Trim(),
        r.StepIndex);
}

/// <summary>Everything a gateway controls, as stored.</summary>
public sealed record GatewayControl(
    List<RelayModule> Modules,
    List<Relay> Relays,
    List<Charger> Chargers,
    GatewayControlSettings? Settings);
