using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Data;

/// <summary>
/// The portal's store. The schema is created and changed only by the SQL scripts in
/// <c>Data/Migrations</c> (see <see cref="SchemaMigrator"/>); a test keeps the two in step.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<PortalUser> Users => Set<PortalUser>();

    public DbSet<PortalUserRole> UserRoles => Set<PortalUserRole>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<BillingPoint> BillingPoints => Set<BillingPoint>();

    public DbSet<GridConnection> GridConnections => Set<GridConnection>();

    public DbSet<PvInstallation> PvInstallations => Set<PvInstallation>();

    public DbSet<BatteryStorage> Batteries => Set<BatteryStorage>();

    public DbSet<Gateway> Gateways => Set<Gateway>();

    public DbSet<Bus> Buses => Set<Bus>();

    public DbSet<Meter> Meters => Set<Meter>();

    public DbSet<MeterInterval> MeterIntervals => Set<MeterInterval>();

    public DbSet<MeterLiveReading> MeterLiveReadings => Set<MeterLiveReading>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
