using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Data;

/// <summary>
/// The portal's store. The schema is created and changed only by the EF Core migrations in
/// <c>Data/Migrations</c>, applied by <see cref="PortalDatabase"/>; a test fails when the model has changes no migration holds.
/// </summary>
/// <remarks>Accounts live in ASP.NET Core Identity's tables (<c>AspNetUsers</c>, <c>AspNetRoles</c>, ...).</remarks>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Site> Sites => Set<Site>();

    public DbSet<BillingPoint> BillingPoints => Set<BillingPoint>();

    public DbSet<Occupancy> Occupancies => Set<Occupancy>();

    public DbSet<AccountInvitation> AccountInvitations => Set<AccountInvitation>();

    public DbSet<GridConnection> GridConnections => Set<GridConnection>();

    public DbSet<PvInstallation> PvInstallations => Set<PvInstallation>();

    public DbSet<BatteryStorage> Batteries => Set<BatteryStorage>();

    public DbSet<Gateway> Gateways => Set<Gateway>();

    public DbSet<Bus> Buses => Set<Bus>();

    public DbSet<Meter> Meters => Set<Meter>();

    public DbSet<MeterInterval> MeterIntervals => Set<MeterInterval>();

    public DbSet<MeterLiveReading> MeterLiveReadings => Set<MeterLiveReading>();

    public DbSet<Commissioning.MeterFirstReading> MeterFirstReadings => Set<Commissioning.MeterFirstReading>();

    public DbSet<Energy.SiteEnergy> SiteEnergy => Set<Energy.SiteEnergy>();

    public DbSet<Energy.MeterEnergy> MeterEnergy => Set<Energy.MeterEnergy>();

    public DbSet<Energy.EnergyRecalculation> EnergyRecalculations => Set<Energy.EnergyRecalculation>();

    public DbSet<Api.ApiToken> ApiTokens => Set<Api.ApiToken>();

    public DbSet<Energy.DataQualityReview> DataQualityReviews => Set<Energy.DataQualityReview>();

    public DbSet<Billing.BillingRun> BillingRuns => Set<Billing.BillingRun>();

    public DbSet<Billing.Invoice> Invoices => Set<Billing.Invoice>();

    public DbSet<Billing.InvoiceLine> InvoiceLines => Set<Billing.InvoiceLine>();

    public DbSet<Billing.InvoiceReading> InvoiceReadings => Set<Billing.InvoiceReading>();

    public DbSet<Billing.InvoiceDay> InvoiceDays => Set<Billing.InvoiceDay>();

    public DbSet<Billing.AdvancePayment> AdvancePayments => Set<Billing.AdvancePayment>();

    public DbSet<Billing.Payments.BankPayment> BankPayments => Set<Billing.Payments.BankPayment>();

    public DbSet<Billing.Tariffs.Tariff> Tariffs => Set<Billing.Tariffs.Tariff>();

    public DbSet<Billing.Tariffs.SiteBillingSettings> SiteBillingSettings => Set<Billing.Tariffs.SiteBillingSettings>();

    public DbSet<Billing.Tariffs.UtilityInvoice> UtilityInvoices => Set<Billing.Tariffs.UtilityInvoice>();

    public DbSet<Control.RelayModule> RelayModules => Set<Control.RelayModule>();

    public DbSet<Control.Relay> Relays => Set<Control.Relay>();

    public DbSet<Control.Charger> Chargers => Set<Control.Charger>();

    public DbSet<Control.GatewayControlSettings> GatewayControlSettings => Set<Control.GatewayControlSettings>();

    public DbSet<Control.ControlDecisionRecord> ControlDecisions => Set<Control.ControlDecisionRecord>();

    public DbSet<Control.ControlStateRecord> ControlStates => Set<Control.ControlStateRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
}
