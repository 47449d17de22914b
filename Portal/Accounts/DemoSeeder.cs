using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Hosting;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Accounts;

/// <summary>One demo account as printed by the run command.</summary>
public sealed record DemoAccount(string Role, string Email, string Password);

/// <summary>One meter of the demo cabinet; its place in <see cref="DemoSeeder.Meters"/> is the simulator's meter index.</summary>
public sealed record DemoMeter(string Id, string Name, MeterRole Role, string? BillingPoint);

/// <summary>
/// Seeds the demo site, one account per role and a few months of the site's past (<see cref="DemoHistory"/>), only
/// when <c>Portal:Demo:Seed</c> is on (the run command), before the portal listens. Passwords are random per
/// installation, kept in <c>demo-accounts.txt</c> in the data folder (never in the repository) and printed at start.
/// Running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(
    UserManager<PortalUser> users,
    IDbContextFactory<PortalDbContext> contexts,
    GatewayConfigPublisher configs,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string SiteName = "Résidence Les Tilleuls";

    /// <summary>Fixed, because the run command starts the demo edge with it (--Edge:SiteId, "N" form).</summary>
    public static readonly Guid SiteId = new("5e1a7c2d-7111-4e11-8000-000000000001");

    /// <summary>The demo gateway's id: also its broker user name and the edge's --Edge:GatewayId.</summary>
    public const string GatewayId = "gw-tilleuls";

    /// <summary>The demo resident has lived in <see cref="ResidentDwelling"/> since this day.</summary>
    public static readonly DateOnly ResidentMoveIn = new(2025, 4, 1);

    public const string ResidentDwelling = "Apartment 1.1";

    /// <summary>The demo roof; the simulator's default PV peak (--pv-kw 30) is the same.</summary>
    public const decimal PvPeakKw = 30m;

    /// <summary>
    /// The demo cabinet, in the simulator's order (2 converters, 5 meters each: port = index / 5, unit = index % 5 + 1):
    /// unit 1 of converter 1 is the grid introduction, unit 2 the PV inverter, then apartments, the common
    /// areas, a heat pump and an EV charger.
    /// </summary>
    public static IReadOnlyList<DemoMeter> Meters { get; } =
    [
        new("tilleuls-m01", "Grid introduction", MeterRole.GridIntroduction, null),
        new("tilleuls-m02", "PV inverter", MeterRole.PvProduction, null),
        new("tilleuls-m03", "Apartment 1.1", MeterRole.Consumer, "Apartment 1.1"),
        new("tilleuls-m04", "Apartment 1.2", MeterRole.Consumer, "Apartment 1.2"),
        new("tilleuls-m05", "Apartment 2.1", MeterRole.Consumer, "Apartment 2.1"),
        new("tilleuls-m06", "Apartment 2.2", MeterRole.Consumer, "Apartment 2.2"),
        new("tilleuls-m07", "Common areas", MeterRole.CommonArea, "Common areas"),
        new("tilleuls-m08", "Heat pump", MeterRole.HeatPump, "Common areas"),
        new("tilleuls-m09", "Apartment 3.1", MeterRole.Consumer, "Apartment 3.1"),
        new("tilleuls-m10", "EV charging", MeterRole.EvCharging, "Common areas"),
    ];

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(string dataDirectory, int simulatorPort, CancellationToken ct = default)
    {
        var file = Path.Combine(dataDirectory, "demo-accounts.txt");
        var known = ReadCredentials(file);
        var accounts = new List<DemoAccount>();
        foreach (var role in Roles.All)
        {
            var email = $"{role.ToLowerInvariant()}@demo.example";
            var password = known.GetValueOrDefault(email) ?? NewPassword();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = PortalUser.Create(email, $"Demo {role}", clock.GetUtcNow().UtcDateTime);
                Check(await users.CreateAsync(user, password), email);
                Check(await users.AddToRoleAsync(user, role), email);
            }
            else if (!known.ContainsKey(email))
            {
                // The credentials file was removed: give the demo account a fresh password.
                Check(await users.RemovePasswordAsync(user), email);
                Check(await users.AddPasswordAsync(user, password), email);
            }

            accounts.Add(new DemoAccount(role, email, password));
        }

        await SecretFile.WriteAllLinesAsync(file, accounts.Select(a => $"{a.Role}\t{a.Email}\t{a.Password}"), ct);
        await SeedSiteAsync(accounts, ct);
        await SeedCabinetAsync(simulatorPort, ct);
        await SeedBillingAsync(accounts, ct);
        await SeedHistoryAsync(ct);
        await PushDemoConfigAsync(ct);
        return accounts;
    }

    /// <summary>
    /// The demo stands for a site whose installer reached "Review and push": its configuration is recorded as
    /// pushed once, and the portal publishes it when it connects to the broker. Later runs push nothing new.
    /// </summary>
    private async Task PushDemoConfigAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Gateways.AnyAsync(g => g.Id == GatewayId && g.PushedConfig == null, ct))
        {
            var version = await configs.RecordPushAsync(GatewayId, ct);
            logger.LogInformation("Recorded the demo gateway's configuration as pushed (version {Version})", version);
        }
    }

    private async Task SeedSiteAsync(List<DemoAccount> accounts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var installerEmail = accounts.Single(a => a.Role == Roles.Installer).Email;
        var installer = await db.Users.SingleAsync(u => u.Email == installerEmail, ct);
        if (await db.Sites.AnyAsync(s => s.Name == SiteName, ct))
        {
            // Seeded before sites had an installer: the demo installer commissions it.
            await db.Sites.Where(s => s.Name == SiteName && s.InstallerId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.InstallerId, installer.Id), ct);
            return;
        }

        var ownerEmail = accounts.Single(a => a.Role == Roles.Owner).Email;
        var residentEmail = accounts.Single(a => a.Role == Roles.Resident).Email;
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail, ct);
        var resident = await db.Users.SingleAsync(u => u.Email == residentEmail, ct);
        var site = new Site
        {
            Id = SiteId,
            Name = SiteName,
            Address = "Chemin des Tilleuls 12, 1004 Lausanne",
            OwnerId = owner.Id,
            InstallerId = installer.Id,
            Type = Commissioning.SiteType.StandardRcp,
            RouterKind = "LAN",
            WizardStep = (int)Commissioning.WizardStep.Review,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        site.GridConnections.Add(new GridConnection { Name = "Main connection", MainFuseA = 80, DsoMeterNumber = "CH1004-DEMO-0001" });
        var dwelling = new BillingPoint { Name = ResidentDwelling };
        dwelling.Occupancies.Add(new Occupancy { ResidentId = resident.Id, MoveIn = ResidentMoveIn, CreatedUtc = clock.GetUtcNow().UtcDateTime });
        site.BillingPoints.Add(dwelling);
        foreach (var name in new[] { "Apartment 1.2", "Apartment 2.1", "Apartment 2.2" })
        {
            site.BillingPoints.Add(new BillingPoint { Name = name });
        }

        site.BillingPoints.Add(new BillingPoint { Name = "Common areas", Kind = BillingPointKind.CommonArea });

        db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded demo site {Site}", SiteName);
    }

    /// <summary>The demo resident's postal address (the building's), so invoices can be addressed.</summary>
    public static readonly Billing.StructuredAddress ResidentAddress = new("Demo Resident", "Chemin des Tilleuls", "12", "1004", "Lausanne", "CH");

    /// <summary>
    /// What billing the demo site needs, once: a tariff since 2025 (Winterthur HT/NT windows, ZEV-16), the owner's billing
    /// settings with the IG's sample QR-IBAN (so invoices carry a QRR reference, QR-07) and the resident's address.
    /// </summary>
    private async Task SeedBillingAsync(List<DemoAccount> accounts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Tariffs.AnyAsync(t => t.SiteId == SiteId, ct))
        {
            db.Tariffs.Add(new Billing.Tariffs.Tariff
            {
                SiteId = SiteId,
                ValidFrom = new DateOnly(2025, 1, 1),
                SolarPricePerKwh = 0.2000m,
                GridPriceHtPerKwh = 0.3200m,
                GridPriceNtPerKwh = 0.2200m,
                MeteringFeePerMonth = 4.00m,
                BillingFeePerMonth = 2.50m,
                Calendar = Billing.Tariffs.TariffCalendarPresets.Winterthur(),
                ReferenceHtPerKwh = 0.3400m,
                ReferenceNtPerKwh = 0.2400m,
                ReferenceFeesPerMonth = 5.00m,
            });
        }

        if (!await db.SiteBillingSettings.AnyAsync(b => b.SiteId == SiteId, ct))
        {
            db.SiteBillingSettings.Add(new Billing.Tariffs.SiteBillingSettings
            {
                SiteId = SiteId,
                IssuerName = "Demo Owner",
                IssuerStreet = "Chemin des Tilleuls",
                IssuerBuildingNumber = "12",
                IssuerPostalCode = "1004",
                IssuerTown = "Lausanne",
                IssuerCountry = "CH",
                Iban = "CH4431999123000889012",
                VatRegistered = true,
                VatNumber = "CHE-123.456.789 MWST",
                UpdatedUtc = clock.GetUtcNow().UtcDateTime,
            });
        }

        var residentEmail = accounts.Single(a => a.Role == Roles.Resident).Email;
        await db.SaveChangesAsync(ct);
        var resident = await db.Users.SingleAsync(u => u.Email == residentEmail, ct);
        if (resident.PostalAddress is null)
        {
            resident.PostalAddress = ResidentAddress;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// The demo cabinet matches the simulator the run command starts (2 converters, 10 meters,
    /// 5 per converter): unit 1 of converter 1 is the grid introduction, unit 2 the PV inverter,
    /// then apartments, the common areas, a heat pump and an EV charger.
    /// </summary>
    private async Task SeedCabinetAsync(int simulatorPort, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Gateways.AnyAsync(g => g.Id == GatewayId, ct))
        {
            return;
        }

        var site = await db.Sites.Include(s => s.BillingPoints).Include(s => s.GridConnections).SingleAsync(s => s.Name == SiteName, ct);
        if (!site.BillingPoints.Any(b => b.Name == "Apartment 3.1"))
        {
            // Added explicitly: a child with its key already set would otherwise be taken for an existing row.
            var apartment = new BillingPoint { Name = "Apartment 3.1", SiteId = site.Id };
            db.BillingPoints.Add(apartment);
            site.BillingPoints.Add(apartment);
        }

        db.Gateways.Add(new Gateway { Id = GatewayId, SiteId = site.Id, Name = "Main cabinet", Serial = "DEMO-0001", MqttUsername = GatewayId });
        string[] buses = [$"{GatewayId}-c1", $"{GatewayId}-c2"];
        for (var i = 0; i < buses.Length; i++)
        {
            db.Buses.Add(new Bus { Id = buses[i], GatewayId = GatewayId, Name = $"Converter {i + 1}", Kind = BusKind.Tcp, Host = "127.0.0.1", Port = simulatorPort + i });
        }

        for (var i = 0; i < Meters.Count; i++)
        {
            db.Meters.Add(new Meter
            {
                Id = Meters[i].Id,
                SiteId = site.Id,
                BusId = buses[i / 5],
                UnitId = (i % 5) + 1,
                Name = Meters[i].Name,
                Model = "SDM630",
                Role = Meters[i].Role,
                Serial = $"{24_100_100 + i}",
                BillingPointId = site.BillingPoints.FirstOrDefault(b => b.Name == Meters[i].BillingPoint)?.Id,
                GridConnectionId = Meters[i].Role == MeterRole.GridIntroduction ? site.GridConnections.FirstOrDefault()?.Id : null,
            });
        }

        db.PvInstallations.Add(new PvInstallation { SiteId = site.Id, Name = "Roof", PeakKw = PvPeakKw, Inverter = "Demo 30 kW", MeterId = "tilleuls-m02" });
        SeedControl(db, buses[0]);

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded demo gateway {Gateway} with {Meters} meters", GatewayId, Meters.Count);
    }

    /// <summary>
    /// The demo cabinet's control (issue 11): a WP8024 on the first converter with its four relays on appliances of
    /// different sizes, as the simulator is told (portal.sh): coil 0 the boiler, 3000 W on L1, Auto - solar only;
    /// coils 1 and 2 the heat pump's three-phase backup heater in two stepped 2000 W relays (step 2 only after step 1);
    /// coil 3 the pool pump, 750 W on L2, on seed 003's self-consumption threshold (ON below -200 Wh per 6 min). An EV
    /// zone with a three-phase and a single-phase (L2) charger, and load management at a 40 A main fuse with a 2 A
    /// margin. Valid by <see cref="Contracts.Control.ControlConfigValidator"/>.
    /// </summary>
    private static void SeedControl(PortalDbContext db, string busId)
    {
        const string module = "tilleuls-rm1";
        db.RelayModules.Add(new Control.RelayModule { Id = module, GatewayId = GatewayId, BusId = busId, Name = "Cellar relays", UnitId = 20 });
        db.Relays.Add(new Control.Relay
        {
            Id = "tilleuls-boiler", GatewayId = GatewayId, ModuleId = module, Coil = 0, Appliance = "Boiler", NominalPowerW = 3000,
            Mode = Contracts.Control.RelayMode.AutoSolar, Priority = 10, Phases = "L1", MinOnSeconds = 900, MinOffSeconds = 600,
        });
        for (var step = 0; step < 2; step++)
        {
            db.Relays.Add(new Control.Relay
            {
                Id = $"tilleuls-heatpump-{step + 1}", GatewayId = GatewayId, ModuleId = module, Coil = 1 + step, Appliance = $"Heat pump heater step {step + 1}",
                NominalPowerW = 2000, Mode = Contracts.Control.RelayMode.AutoSolar, Priority = 20, Phases = "L1,L2,L3", MinOnSeconds = 600, MinOffSeconds = 600,
                StepGroup = "tilleuls-heatpump", StepIndex = step,
            });
        }

        db.Relays.Add(new Control.Relay
        {
            Id = "tilleuls-pool", GatewayId = GatewayId, ModuleId = module, Coil = 3, Appliance = "Pool pump", NominalPowerW = 750,
            Mode = Contracts.Control.RelayMode.Threshold, Priority = 30, Phases = "L2",
            ThresholdOnBelowWh = -200, ThresholdOffAboveWh = 0, ThresholdIntervalSeconds = 360,
        });
        db.Chargers.Add(new Control.Charger { GatewayId = GatewayId, OcppId = "cp-1", Name = "Garage 1", PhaseMapping = "L1,L2,L3", MaxCurrentA = 16 });
        db.Chargers.Add(new Control.Charger { GatewayId = GatewayId, OcppId = "cp-2", Name = "Garage 2", PhaseMapping = "L2", MaxCurrentA = 32 });
        db.GatewayControlSettings.Add(new Control.GatewayControlSettings
        {
            GatewayId = GatewayId, EvZoneEnabled = true, ZoneMaxPowerW = 11_000, ZoneMinPowerW = 1380, LoadManagementEnabled = true, MainLimitA = 40, MarginA = 2,
        });
    }

    /// <summary>
    /// Stores the demo site's <see cref="DemoHistory"/> from its window start up to the last whole quarter-hour, or up to
    /// the first interval the site already holds: once seeded (or once the edge delivered), nothing before that first
    /// interval is missing any more, so a later run stores nothing, and an interval the edge delivered is never replaced
    /// or overlapped. One transaction; answers how many intervals were stored.
    /// </summary>
    public async Task<int> SeedHistoryAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var zoneId = await db.Sites.Where(s => s.Id == SiteId).Select(s => s.TimeZone).SingleAsync(ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = clock.GetUtcNow();
        var ids = Meters.Select(m => m.Id).ToList();
        var first = await db.MeterIntervals.Where(i => ids.Contains(i.MeterId)).OrderBy(i => i.StartUtc).Select(i => (DateTime?)i.StartUtc).FirstOrDefaultAsync(ct);
        var from = DemoHistory.WindowStartUtc(now, zone);
        var to = DemoHistory.WindowEndUtc(now);
        if (first is { } delivered && delivered < to)
        {
            to = delivered;
        }

        if (to <= from)
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var present = (await db.Meters.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
        var intervals = DemoHistory.Generate(Meters, from, to, zone).Where(i => present.Contains(i.MeterId)).ToList();
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = (SqliteTransaction)await db.Database.GetDbConnection().BeginTransactionAsync(ct);
        var stored = await MeterIntervalWriter.InsertAsync(transaction, intervals, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Seeded {Intervals} demo intervals from {From:O} to {To:O} in {Milliseconds} ms",
            stored.Count, from, to, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return stored.Count;
    }

    private static Dictionary<string, string> ReadCredentials(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        return File.ReadAllLines(file)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 3)
            .ToDictionary(parts => parts[1], parts => parts[2], StringComparer.OrdinalIgnoreCase);
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var builder = new StringBuilder("demo-");
        for (var i = 0; i < 12; i++)
        {
            builder.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed demo account {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
