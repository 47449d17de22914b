using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Commissioning;


/// <summary>What the site step collects.</summary>
public sealed class SiteForm
{
    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string TimeZone { get; set; } = "Europe/Zurich";

    public Guid? OwnerId { get; set; }

    public SiteType Type { get; set; } = SiteType.StandardRcp;

    public List<GridConnectionForm> Connections { get; set; } = [new()];
}

public sealed class GridConnectionForm
{
    public Guid? Id { get; set; }

    public string Name { get; set; } = "Main connection";

    /// <summary>As typed: a whole number of amperes within <see cref="FieldLimits.MainFuse"/>, checked, never rounded.</summary>
    public string MainFuseA { get; set; } = "63";

    public string DsoMeterNumber { get; set; } = "";
}

public sealed class BusForm
{
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public BusKind Kind { get; set; } = BusKind.Tcp;

    public string Building { get; set; } = "";

    public string? Host { get; set; }

    public int? Port { get; set; } = 502;

    public string? Device { get; set; }

    public int Baud { get; set; } = 9600;

    public string Parity { get; set; } = "None";

    public int StopBits { get; set; } = 1;

    /// <summary>RTU buses: ask the adapter's driver for RS-485 mode; off for adapters that switch direction themselves.</summary>
    public bool Rs485 { get; set; } = true;
}

/// <summary>Everything the wizard shows about a site, read in one go.</summary>
public sealed record SiteWizardView(
    Site Site,
    IReadOnlyList<GridConnection> Connections,
    Gateway? Gateway,
    IReadOnlyList<Bus> Buses,
    IReadOnlyList<Meter> Meters,
    IReadOnlyList<PvInstallation> Pv,
    BatteryStorage? Battery,
    IReadOnlyDictionary<Guid, string> BillingPointNames);

/// <summary>
/// The installer's commissioning of a site, one wizard step at a time. Each save records the
/// step as done, so the installer can leave and come back to where they stopped. Every save
/// checks its input with the form's own rules (<see cref="FieldLimits"/>, <see cref="SiteChecks"/>,
/// <see cref="BusChecks"/>, <see cref="MeterSheetValidator"/>) and refuses it whole, with the
/// form's messages, rather than storing, clamping or ignoring what breaks them.
/// </summary>
public sealed class SiteCommissioning(
    IDbContextFactory<PortalDbContext> contexts,
    BrokerAccounts brokerAccounts,
    GatewayConfigPublisher publisher,
    TelemetryDirectory directory,
    Energy.EnergyBalanceStore balances,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text,
    IStringLocalizer<CommissioningResource> rules)
{
    public static IReadOnlyList<string> TimeZones { get; } = ["Europe/Zurich", "Europe/Berlin", "Europe/Paris", "Europe/Vienna", "Europe/Brussels", "Europe/Rome"];

    public async Task<IReadOnlyList<AccountChoice>> OwnersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await AccountChoice.InRoleAsync(db, Roles.Owner, ct);
    }

    public async Task<SiteWizardView?> LoadAsync(Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null)
        {
            return null;
        }

        var gateway = await db.Gateways.AsNoTracking().Where(g => g.SiteId == siteId).OrderBy(g => g.Id).FirstOrDefaultAsync(ct);
        var buses = gateway is null ? [] : await db.Buses.AsNoTracking().Where(b => b.GatewayId == gateway.Id).OrderBy(b => b.Name).ToListAsync(ct);
        return new SiteWizardView(
            site,
            await db.GridConnections.AsNoTracking().Where(g => g.SiteId == siteId).OrderBy(g => g.Name).ToListAsync(ct),
            gateway,
            buses,
            await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId).OrderBy(m => m.BusId).ThenBy(m => m.UnitId).ToListAsync(ct),
            await db.PvInstallations.AsNoTracking().Where(p => p.SiteId == siteId).ToListAsync(ct),
            await db.Batteries.AsNoTracking().FirstOrDefaultAsync(b => b.SiteId == siteId, ct),
            await db.BillingPoints.AsNoTracking().Where(b => b.SiteId == siteId).ToDictionaryAsync(b => b.Id, b => b.Name, ct));
    }

    /// <summary>Creates the site (step 1) or updates it; returns its id. The installer who creates a site commissions it.</summary>
    /// <exception cref="InputRefusedException">A field breaks the site step's rules; nothing is saved.</exception>
    public async Task<Guid> SaveSiteAsync(Guid? siteId, SiteForm form, Guid? creatingInstallerId = null, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(SiteChecks.Check(form, text));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = siteId is { } id
            ? await db.Sites.Include(s => s.GridConnections).SingleAsync(s => s.Id == id, ct)
            : db.Sites.Add(new Site { Name = form.Name, CreatedUtc = clock.GetUtcNow().UtcDateTime, InstallerId = creatingInstallerId }).Entity;
        site.Name = form.Name.Trim();
        site.Address = form.Address.Trim();
        // The type and the zone decide how the balance reads the meters and where days begin: history is computed again.
        var rebalance = siteId is not null && (site.Type != form.Type || site.TimeZone != form.TimeZone);
        site.TimeZone = form.TimeZone;
        site.OwnerId = form.OwnerId;
        site.Type = form.Type;
        var kept = form.Connections.Where(c => c.Id is not null).Select(c => c.Id!.Value).ToHashSet();
        foreach (var removed in site.GridConnections.Where(c => !kept.Contains(c.Id)).ToList())
        {
            db.GridConnections.Remove(removed);
        }

        foreach (var connection in form.Connections)
        {
            var entity = site.GridConnections.FirstOrDefault(c => c.Id == connection.Id);
            if (entity is null)
            {
                entity = new GridConnection { Name = connection.Name, SiteId = site.Id };
                db.GridConnections.Add(entity);
            }

            entity.Name = connection.Name.Trim();
            entity.MainFuseA = FieldLimits.MainFuse.Parse(connection.MainFuseA);
            entity.DsoMeterNumber = connection.DsoMeterNumber.Trim();
        }

        Advance(site, WizardStep.Site);
        await db.SaveChangesAsync(ct);
        if (rebalance)
        {
            await balances.QueueSiteAsync(site.Id, ct);
        }

        return site.Id;
    }

    /// <exception cref="InputRefusedException">An unknown kind or an over-long serial; nothing is saved.</exception>
    public async Task SaveRouterAsync(Guid siteId, string kind, string serial, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(RouterProblems(kind, serial, text));
        await UpdateSiteAsync(siteId, WizardStep.Router, site =>
        {
            site.RouterKind = kind;
            site.RouterSerial = serial.Trim();
        }, ct);
    }

    /// <summary>What the router step checks, in the form and here.</summary>
    public static IReadOnlyList<string> RouterProblems(string kind, string serial, IStringLocalizer text) =>
        new[] { FieldLimits.Choice("Wizard.RouterKind", kind, FieldLimits.RouterKinds, text), FieldLimits.Serial.Check(serial, text) }.OfType<string>().ToList();

    /// <summary>What the gateway step checks, in the form and here.</summary>
    public static IReadOnlyList<string> GatewayProblems(GatewayKind kind, string serial, IStringLocalizer text) =>
        new[] { Enum.IsDefined(kind) ? null : FieldLimits.Choice("Wizard.GatewayKind", kind, Enum.GetValues<GatewayKind>(), text), FieldLimits.Serial.Check(serial, text) }
            .OfType<string>().ToList();

    /// <summary>What the PV step checks, in the form and here.</summary>
    public static IReadOnlyList<string> PvProblems(string name, decimal peakKw, string inverter, IStringLocalizer text) =>
        new[] { string.IsNullOrWhiteSpace(name) ? text["Wizard.PvNameRequired"].Value : FieldLimits.PvName.Check(name, text), FieldLimits.PeakKw.Check(peakKw, text), FieldLimits.Inverter.Check(inverter, text) }
            .OfType<string>().ToList();

    /// <summary>What the battery step checks, in the form and here (no capacity: no battery).</summary>
    public static IReadOnlyList<string> BatteryProblems(decimal? capacityKwh, decimal? powerKw, IStringLocalizer text) =>
        capacityKwh is null
            ? []
            : new[] { FieldLimits.CapacityKwh.Check(capacityKwh, text), powerKw is null ? null : FieldLimits.PowerKw.Check(powerKw, text) }.OfType<string>().ToList();

    /// <summary>
    /// Creates the site's gateway with a fresh broker account (or gives the existing one a new
    /// password). The credentials are returned once; the portal keeps no copy of the password.
    /// </summary>
    /// <exception cref="InputRefusedException">An unknown kind or an over-long serial; nothing is saved.</exception>
    public async Task<GatewayCredentials> SaveGatewayAsync(Guid siteId, GatewayKind kind, string serial, bool newPassword, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(GatewayProblems(kind, serial, text));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleAsync(s => s.Id == siteId, ct);
        var gateway = await db.Gateways.FirstOrDefaultAsync(g => g.SiteId == siteId, ct);
        var created = gateway is null;
        if (gateway is null)
        {
            var id = "gw-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            gateway = db.Gateways.Add(new Gateway { Id = id, SiteId = siteId, MqttUsername = id, Name = "Main cabinet" }).Entity;
        }

        gateway.Kind = kind;
        gateway.Serial = serial.Trim();
        Advance(site, WizardStep.Gateway);
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return created || newPassword
            ? await brokerAccounts.CreateAsync(gateway.Id, ct)
            : new GatewayCredentials(gateway.Id, "", RegisteredWithBroker: true);
    }

    /// <exception cref="InputRefusedException">A bus breaks the bus step's rules; nothing is saved.</exception>
    public async Task SaveBusesAsync(Guid siteId, IReadOnlyList<BusForm> buses, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(BusChecks.Check(buses, text));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleAsync(s => s.Id == siteId, ct);
        var gateway = await db.Gateways.SingleAsync(g => g.SiteId == siteId, ct);
        var existing = await db.Buses.Where(b => b.GatewayId == gateway.Id).ToListAsync(ct);
        var kept = buses.Where(b => b.Id is not null).Select(b => b.Id!).ToHashSet();
        foreach (var removed in existing.Where(b => !kept.Contains(b.Id)))
        {
            if (await db.Meters.AnyAsync(m => m.BusId == removed.Id, ct))
            {
                throw new InvalidOperationException($"Bus '{removed.Name}' still has meters: move or delete them first.");
            }

            db.Buses.Remove(removed);
        }

        var number = existing.Count;
        foreach (var form in buses)
        {
            var bus = existing.FirstOrDefault(b => b.Id == form.Id);
            if (bus is null)
            {
                bus = new Bus { Id = $"{gateway.Id}-b{++number}", GatewayId = gateway.Id };
                while (existing.Any(b => b.Id == bus.Id) || await db.Buses.AnyAsync(b => b.Id == bus.Id, ct))
                {
                    bus.Id = $"{gateway.Id}-b{++number}";
                }

                db.Buses.Add(bus);
            }

            bus.Name = form.Name.Trim();
            bus.Kind = form.Kind;
            bus.Building = form.Building.Trim();
            bus.Host = form.Kind == BusKind.Tcp ? form.Host?.Trim() : null;
            bus.Port = form.Kind == BusKind.Tcp ? form.Port : null;
            bus.Device = form.Kind == BusKind.Rtu ? form.Device?.Trim() : null;
            bus.Baud = form.Baud;
            bus.Parity = form.Parity;
            bus.StopBits = form.StopBits;
            bus.Rs485 = form.Rs485;
        }

        Advance(site, WizardStep.Buses);
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
    }

    /// <summary>
    /// Checks sheet rows against the site as it is stored now (buses, meters and their serials)
    /// and, when no row has an error, stores them in one transaction. With an error nothing is
    /// stored: the caller shows the returned check, as the preview does.
    /// </summary>
    public async Task<MeterSheetCheck> AddMetersAsync(Guid siteId, IReadOnlyList<MeterRow> rows, CancellationToken ct = default)
    {
        var view = await LoadAsync(siteId, ct) ?? throw new InvalidOperationException($"Site {siteId} does not exist.");
        var check = CheckSheet(view, rows, rules);
        if (check.HasErrors)
        {
            return check;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.Include(s => s.BillingPoints).Include(s => s.GridConnections).SingleAsync(s => s.Id == siteId, ct);
        MeterImport.AddTo(db, site, check.Valid);
        Advance(site, WizardStep.Meters);
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return check;
    }

    /// <summary>Stores an edited meter, checked like a pasted row against the site without this meter; nothing is stored on an error.</summary>
    public async Task<MeterSheetCheck> UpdateMeterAsync(Guid siteId, string meterId, MeterRow row, CancellationToken ct = default)
    {
        var view = await LoadAsync(siteId, ct) ?? throw new InvalidOperationException($"Site {siteId} does not exist.");
        var check = CheckSheet(Without(view, meterId), [row], rules);
        if (check.HasErrors)
        {
            return check;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.Include(s => s.BillingPoints).Include(s => s.GridConnections).SingleAsync(s => s.Id == siteId, ct);
        var stored = await db.Meters.SingleAsync(m => m.Id == meterId && m.SiteId == siteId, ct);
        var roleBefore = stored.Role;
        MeterImport.Apply(db, site, check.Valid[0], stored);
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        if (stored.Role != roleBefore)
        {
            // A meter read as another role changes every balance it took part in.
            await balances.QueueSiteAsync(siteId, ct);
        }

        return check;
    }

    /// <summary>
    /// A stored meter as a sheet row, for editing it or exporting it in the same words as pasting it:
    /// the CT ratio as "100/5", the bus and billing point by name, so the row checks back to the same meter.
    /// </summary>
    public static MeterRow RowOf(SiteWizardView view, Meter meter, int line = 1) => new(
        line,
        meter.Name,
        meter.Model,
        meter.CtRatio is { } primary ? MeterSheetValidator.CtRatioText(primary) : "",
        meter.Serial,
        view.Buses.FirstOrDefault(b => b.Id == meter.BusId)?.Name is { Length: > 0 } bus ? bus : meter.BusId,
        meter.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        meter.Role.ToString(),
        meter.BillingPointId is { } point ? view.BillingPointNames.GetValueOrDefault(point, "") : "");

    /// <summary>The site's meters as sheet rows (line 1 is the header), for the meter sheet download.</summary>
    public static IReadOnlyList<MeterRow> SheetOf(SiteWizardView view) =>
        view.Meters.Select((meter, index) => RowOf(view, meter, index + 2)).ToList();

    /// <summary>The view without one meter, so an edited meter does not clash with itself.</summary>
    public static SiteWizardView Without(SiteWizardView view, string meterId) =>
        view with { Meters = view.Meters.Where(m => m.Id != meterId).ToList() };

    public async Task DeleteMeterAsync(Guid siteId, string meterId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.MeterLiveReadings.Where(r => r.MeterId == meterId).ExecuteDeleteAsync(ct);
        if (await db.MeterIntervals.AnyAsync(i => i.MeterId == meterId, ct))
        {
            throw new InvalidOperationException("This meter already has billing data; it cannot be deleted.");
        }

        await db.Meters.Where(m => m.Id == meterId && m.SiteId == siteId).ExecuteDeleteAsync(ct);
        directory.Invalidate();
    }

    /// <exception cref="InputRefusedException">A field breaks the PV step's limits; nothing is saved.</exception>
    public async Task SavePvAsync(Guid siteId, string name, decimal peakKw, string inverter, string? meterId, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(PvProblems(name, peakKw, inverter, text));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleAsync(s => s.Id == siteId, ct);
        var pv = await db.PvInstallations.FirstOrDefaultAsync(p => p.SiteId == siteId, ct)
            ?? db.PvInstallations.Add(new PvInstallation { Name = name, SiteId = siteId }).Entity;
        pv.Name = name.Trim();
        pv.PeakKw = peakKw;
        pv.Inverter = inverter.Trim();
        pv.MeterId = meterId;
        Advance(site, WizardStep.Pv);
        await db.SaveChangesAsync(ct);
    }

    /// <exception cref="InputRefusedException">A field breaks the battery step's limits; nothing is saved.</exception>
    public async Task SaveBatteryAsync(Guid siteId, decimal? capacityKwh, decimal? powerKw, string? meterId, CancellationToken ct = default)
    {
        InputRefusedException.ThrowIfAny(BatteryProblems(capacityKwh, powerKw, text));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleAsync(s => s.Id == siteId, ct);
        var battery = await db.Batteries.FirstOrDefaultAsync(b => b.SiteId == siteId, ct);
        if (capacityKwh is null)
        {
            if (battery is not null)
            {
                db.Batteries.Remove(battery);
            }
        }
        else
        {
            battery ??= db.Batteries.Add(new BatteryStorage { SiteId = siteId }).Entity;
            battery.CapacityKwh = capacityKwh.Value;
            battery.PowerKw = powerKw ?? 0;
            battery.MeterId = meterId;
        }

        Advance(site, WizardStep.Battery);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Checks pasted rows against the site as it is stored (buses, meters already there).</summary>
    public static MeterSheetCheck CheckSheet(SiteWizardView view, IReadOnlyList<MeterRow> rows, Microsoft.Extensions.Localization.IStringLocalizer<CommissioningResource> text) =>
        new MeterSheetValidator(text).Check(rows, Layout(view));

    /// <summary>Whole-site findings for the review step.</summary>
    public static IReadOnlyList<SiteFinding> Findings(SiteWizardView view, Microsoft.Extensions.Localization.IStringLocalizer<CommissioningResource> text)
    {
        var layout = Layout(view);
        return new SiteRules(text).Check(layout.Type, layout.Buses, layout.GridConnections, layout.Meters);
    }

    /// <summary>A meter silent for longer than this is "not answering" (the edge polls every few seconds).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The inspection of every meter of the site, as the service, the page and the report show it: the gateway first,
    /// then each meter's values against its wiring and what is physically possible at that site.
    /// </summary>
    public static IReadOnlyList<MeterInspection> Inspect(
        SiteWizardView view,
        Func<string, Telemetry.LiveMeterValues?> live,
        DateTimeOffset now,
        Func<string, Telemetry.LiveMeterValues?>? earlier = null,
        Func<string, IntervalEnergy?>? latestInterval = null)
    {
        var gatewayOffline = MeterInspector.GatewayOffline(view.Gateway, now);
        var location = SiteLocation.Of(view.Site.TimeZone);
        int? mainFuse = view.Connections.Count > 0 ? view.Connections.Max(c => c.MainFuseA) : null;
        return view.Meters.Select(m => MeterInspector.Assess(ExistingOf(m), live(m.Id), now, StaleAfter, new InspectionContext(
                gatewayOffline, location, ReadingPlausibility.MaxCurrentA(m.CtRatio, mainFuse), earlier?.Invoke(m.Id), latestInterval?.Invoke(m.Id))))
            .ToList();
    }

    private static ExistingMeter ExistingOf(Meter m) => new(m.Id, m.Name, m.BusId, m.UnitId, m.Role, m.GridConnectionId, m.Serial);

    private static SiteLayout Layout(SiteWizardView view) => new(
        view.Site.Type,
        view.Buses.Select(b => new BusSpec(b.Id, b.Name, b.Kind, b.Host, b.Port)).ToList(),
        view.Connections.Select(c => new GridConnectionSpec(c.Id, c.Name)).ToList(),
        view.Meters.Select(ExistingOf).ToList());

    /// <summary>
    /// Pushes the site's configuration to its gateway under a new version (stored, then published); the edge
    /// acknowledges it. When the broker cannot be reached the version stays stored and is published on reconnection.
    /// </summary>
    public async Task<long> PushAsync(Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gateway = await db.Gateways.AsNoTracking().SingleAsync(g => g.SiteId == siteId, ct);
        var version = await publisher.PushAsync(gateway.Id, ct);
        await UpdateSiteAsync(siteId, WizardStep.Review, _ => { }, ct);
        return version;
    }

    /// <summary>
    /// Records the site as commissioned (every meter answered plausibly) the first time it happens, with each
    /// meter's first plausible reading (billing starts from them). False when it already was.
    /// </summary>
    public async Task<bool> MarkCommissionedAsync(Guid siteId, IReadOnlyList<Telemetry.LiveMeterValues> firstReadings, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await db.Sites.Where(s => s.Id == siteId && s.CommissionedUtc == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.CommissionedUtc, now), ct);
        if (marked == 0)
        {
            return false;
        }

        var meterIds = firstReadings.Select(r => r.MeterId).ToList();
        await db.MeterFirstReadings.Where(r => meterIds.Contains(r.MeterId)).ExecuteDeleteAsync(ct);
        db.MeterFirstReadings.AddRange(firstReadings.Select(r => MeterFirstReading.From(r with { SiteId = siteId }, now)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Each meter's first plausible reading, kept when the site was commissioned (none before).</summary>
    public async Task<IReadOnlyDictionary<string, MeterFirstReading>> FirstReadingsAsync(Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.MeterFirstReadings.AsNoTracking().Where(r => r.SiteId == siteId).ToDictionaryAsync(r => r.MeterId, ct);
    }

    private async Task UpdateSiteAsync(Guid siteId, WizardStep step, Action<Site> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleAsync(s => s.Id == siteId, ct);
        change(site);
        Advance(site, step);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every step's save passes here: an archived site is read-only.</summary>
    /// <exception cref="InputRefusedException">The site is archived; the installer reads why in their language.</exception>
    private void Advance(Site site, WizardStep step)
    {
        if (site.IsArchived)
        {
            throw new InputRefusedException([text[Site.ArchivedReadOnlyText]]);
        }

        site.WizardStep = Math.Max(site.WizardStep, (int)step);
    }
}
