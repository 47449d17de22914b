using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Control;

/// <summary>
/// A site's control settings (relay modules, relays, chargers, EV zone, load management, ripple control, peak
/// guard) for its owner or installer (<see cref="SiteAccess.MayControl"/>), checked on every call. Each change is
/// applied to the gateway's whole settings in memory and refused with worded problems when the resulting
/// configuration could not work (<see cref="ControlConfigValidator"/>, the rules the edge applies too); only a
/// sound change is stored. It reaches the cabinet with the next "Review and push". Manual switches and "charge now"
/// take effect at once through <see cref="ControlOverridesPublisher"/>.
/// </summary>
public sealed class ControlSettings(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    ControlOverridesPublisher overrides,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>What the control page shows; null when the user may not control the site.</summary>
    public async Task<SiteControlView?> ForAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ControlledAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var gateways = await db.Gateways.AsNoTracking().Where(g => g.SiteId == siteId).OrderBy(g => g.Id).ToListAsync(ct);
        var views = new List<GatewayControlView>();
        foreach (var gateway in gateways)
        {
            var control = await LoadAsync(db, gateway.Id, tracked: false, ct);
            var buses = await db.Buses.AsNoTracking().Where(b => b.GatewayId == gateway.Id).OrderBy(b => b.Id).ToListAsync(ct);
            var timeline = await db.ControlDecisions.AsNoTracking().Where(d => d.GatewayId == gateway.Id)
                .OrderByDescending(d => d.AtUtc).ThenByDescending(d => d.Sequence).ThenByDescending(d => d.ActionIndex)
                .Take(ControlLimits.TimelineLength).ToListAsync(ct);
            var stored = await db.ControlStates.AsNoTracking().SingleOrDefaultAsync(s => s.GatewayId == gateway.Id, ct);
            var state = stored is null ? null : ContractParser.ParseControlState(System.Text.Encoding.UTF8.GetBytes(stored.Json)).Value;
            views.Add(new GatewayControlView(gateway.Id, gateway.Name, buses, control, state, timeline));
        }

        return new SiteControlView(site.Id, site.Name, site.IsArchived, site.TimeZone, views);
    }

    public Task<IReadOnlyList<string>> SaveModuleAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, RelayModule module, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            module.GatewayId = gatewayId;
            module.Name = module.Name.Trim();
            if (control.Modules.Find(m => m.Id == module.Id) is { } stored)
            {
                (stored.Name, stored.BusId, stored.UnitId, stored.Model) = (module.Name, module.BusId, module.UnitId, module.Model);
            }
            else
            {
                module.Id = NewId("rm");
                db.RelayModules.Add(module);
                control.Modules.Add(module);
            }
        }, ct);

    public Task<IReadOnlyList<string>> DeleteModuleAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, string moduleId, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            foreach (var module in control.Modules.Where(m => m.Id == moduleId).ToList())
            {
                db.RelayModules.Remove(module);
                control.Modules.Remove(module);
                foreach (var relay in control.Relays.Where(r => r.ModuleId == moduleId).ToList())
                {
                    db.Relays.Remove(relay);
                    control.Relays.Remove(relay);
                }
            }
        }, ct);

    public Task<IReadOnlyList<string>> SaveRelayAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, Relay relay, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            relay.GatewayId = gatewayId;
            if (control.Relays.Find(r => r.Id == relay.Id) is { } stored)
            {
                var manualOn = stored.ManualOn;
                db.Entry(stored).CurrentValues.SetValues(relay);
                stored.ManualOn = manualOn;
            }
            else
            {
                relay.Id = NewId("relay");
                relay.ManualOn = false;
                db.Relays.Add(relay);
                control.Relays.Add(relay);
            }
        }, ct);

    public Task<IReadOnlyList<string>> DeleteRelayAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, string relayId, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            foreach (var relay in control.Relays.Where(r => r.Id == relayId).ToList())
            {
                db.Relays.Remove(relay);
                control.Relays.Remove(relay);
            }
        }, ct);

    public Task<IReadOnlyList<string>> SaveChargerAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, Charger charger, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            charger.GatewayId = gatewayId;
            charger.OcppId = charger.OcppId.Trim();
            if (control.Chargers.Find(c => c.Id == charger.Id) is { } stored)
            {
                var chargeNow = stored.ChargeNowUntilUtc;
                db.Entry(stored).CurrentValues.SetValues(charger);
                stored.ChargeNowUntilUtc = chargeNow;
            }
            else
            {
                charger.Id = Guid.NewGuid();
                charger.ChargeNowUntilUtc = null;
                db.Chargers.Add(charger);
                control.Chargers.Add(charger);
            }
        }, ct);

    public Task<IReadOnlyList<string>> DeleteChargerAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, Guid chargerId, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            foreach (var charger in control.Chargers.Where(c => c.Id == chargerId).ToList())
            {
                db.Chargers.Remove(charger);
                control.Chargers.Remove(charger);
            }
        }, ct);

    /// <summary>The EV zone, load management, ripple control and peak guard of the gateway.</summary>
    public Task<IReadOnlyList<string>> SaveSettingsAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, GatewayControlSettings settings, CancellationToken ct = default) =>
        ChangeAsync(user, siteId, gatewayId, (db, control) =>
        {
            settings.GatewayId = gatewayId;
            var stored = Settings(db, control, gatewayId);
            // What the portal and the edge keep there is not the form's to change.
            (settings.OverridesVersion, settings.PublishedOverrides) = (stored.OverridesVersion, stored.PublishedOverrides);
            settings.PeakTargetsW = string.Join(",", ControlConfigBuilder.Targets(settings.PeakTargetsW ?? ""));
            db.Entry(stored).CurrentValues.SetValues(settings);
        }, ct);

    /// <summary>Switches a relay in Manual mode on or off; published at once as the control overrides.</summary>
    public async Task<IReadOnlyList<string>> SwitchManualAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, string relayId, bool on, CancellationToken ct = default)
    {
        var problems = await ChangeAsync(user, siteId, gatewayId, (_, control) =>
        {
            if (control.Relays.Find(r => r.Id == relayId && r.Mode == RelayMode.Manual) is not { } relay)
            {
                throw new KeyNotFoundException();
            }

            relay.ManualOn = on;
        }, ct);
        return problems.Count > 0 ? problems : await overrides.PublishAsync(gatewayId, ct);
    }

    /// <summary>"Charge now" until <paramref name="until"/> (UTC), or ended with null; published at once.</summary>
    public async Task<IReadOnlyList<string>> ChargeNowAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, Guid chargerId, DateTimeOffset? until, CancellationToken ct = default)
    {
        if (until is { } end && (end <= clock.GetUtcNow() || end > clock.GetUtcNow().AddDays(7)))
        {
            return [text["Control.ChargeNowUntilInvalid"]];
        }

        var problems = await ChangeAsync(user, siteId, gatewayId, (_, control) =>
        {
            var charger = control.Chargers.Find(c => c.Id == chargerId) ?? throw new KeyNotFoundException();
            charger.ChargeNowUntilUtc = until?.UtcDateTime;
        }, ct);
        return problems.Count > 0 ? problems : await overrides.PublishAsync(gatewayId, ct);
    }

    /// <summary>The gateway's stored control settings, tracked for a change or not.</summary>
    public static async Task<GatewayControl> LoadAsync(PortalDbContext db, string gatewayId, bool tracked, CancellationToken ct)
    {
        IQueryable<T> Query<T>(DbSet<T> set) where T : class => tracked ? set : set.AsNoTracking();
        return new GatewayControl(
            await Query(db.RelayModules).Where(m => m.GatewayId == gatewayId).ToListAsync(ct),
            await Query(db.Relays).Where(r => r.GatewayId == gatewayId).ToListAsync(ct),
            await Query(db.Chargers).Where(c => c.GatewayId == gatewayId).ToListAsync(ct),
            await Query(db.GatewayControlSettings).SingleOrDefaultAsync(s => s.GatewayId == gatewayId, ct));
    }

    private static GatewayControlSettings Settings(PortalDbContext db, GatewayControl control, string gatewayId)
    {
        if (control.Settings is { } settings)
        {
            return settings;
        }

        var created = new GatewayControlSettings { GatewayId = gatewayId };
        db.GatewayControlSettings.Add(created);
        return created;
    }

    private async Task<IReadOnlyList<string>> ChangeAsync(ClaimsPrincipal user, Guid siteId, string gatewayId, Action<PortalDbContext, GatewayControl> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ControlledAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [text["Site.NotFound"]];
        }

        if (site.IsArchived)
        {
            return [text[Site.ArchivedReadOnlyText]];
        }

        if (!await db.Gateways.AnyAsync(g => g.Id == gatewayId && g.SiteId == siteId, ct))
        {
            return [text["Control.UnknownGateway"]];
        }

        var control = await LoadAsync(db, gatewayId, tracked: true, ct);
        try
        {
            change(db, control);
        }
        catch (KeyNotFoundException)
        {
            return [text["Control.Unknown"]];
        }

        // The settings row is the one added by the change, if any.
        control = control with { Settings = control.Settings ?? db.ChangeTracker.Entries<GatewayControlSettings>().Select(e => e.Entity).FirstOrDefault() };
        var buses = await db.Buses.AsNoTracking().Where(b => b.GatewayId == gatewayId).ToListAsync(ct);
        var busIds = buses.Select(b => b.Id).ToList();
        var meters = await db.Meters.AsNoTracking().Where(m => busIds.Contains(m.BusId)).ToListAsync(ct);
        if (ControlConfigBuilder.Of(control, meters) is { } config)
        {
            var problems = ControlConfigValidator.Check(config, GatewayConfigPublisher.PollingOf(buses, meters));
            if (problems.Count > 0)
            {
                return problems.Select(p => ControlWords.Problem(p, text)).Distinct().ToList();
            }
        }

        await db.SaveChangesAsync(ct);
        return [];
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

/// <summary>The control page of a site: per gateway its settings, last reported state and latest decisions.</summary>
public sealed record SiteControlView(Guid SiteId, string SiteName, bool Archived, string TimeZone, IReadOnlyList<GatewayControlView> Gateways);

public sealed record GatewayControlView(
    string GatewayId,
    string GatewayName,
    IReadOnlyList<Bus> Buses,
    GatewayControl Control,
    ControlStateMessage? State,
    IReadOnlyList<ControlDecisionRecord> Timeline);
