using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("Sites");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(FieldLimits.NameLength);
        builder.Property(s => s.Address).HasMaxLength(FieldLimits.AddressLength);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.RouterKind).HasMaxLength(8);
        builder.Property(s => s.RouterSerial).HasMaxLength(FieldLimits.SerialLength);
        builder.HasMany(s => s.GridConnections).WithOne().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.BillingPoints).WithOne().HasForeignKey(b => b.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingPointConfiguration : IEntityTypeConfiguration<BillingPoint>
{
    public void Configure(EntityTypeBuilder<BillingPoint> builder)
    {
        builder.ToTable("BillingPoints");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(FieldLimits.NameLength);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(b => b.ResidentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class GridConnectionConfiguration : IEntityTypeConfiguration<GridConnection>
{
    public void Configure(EntityTypeBuilder<GridConnection> builder)
    {
        builder.ToTable("GridConnections");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Name).HasMaxLength(FieldLimits.NameLength);
        builder.Property(g => g.DsoMeterNumber).HasMaxLength(FieldLimits.SerialLength);
    }
}

internal sealed class PvInstallationConfiguration : IEntityTypeConfiguration<PvInstallation>
{
    public void Configure(EntityTypeBuilder<PvInstallation> builder)
    {
        builder.ToTable("PvInstallations");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(FieldLimits.NameLength);
        builder.Property(p => p.Inverter).HasMaxLength(FieldLimits.NameLength);
        builder.HasOne<Site>().WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Meter>().WithMany().HasForeignKey(p => p.MeterId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BatteryStorageConfiguration : IEntityTypeConfiguration<BatteryStorage>
{
    public void Configure(EntityTypeBuilder<BatteryStorage> builder)
    {
        builder.ToTable("Batteries");
        builder.HasKey(b => b.Id);
        builder.HasOne<Site>().WithMany().HasForeignKey(b => b.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Meter>().WithMany().HasForeignKey(b => b.MeterId).OnDelete(DeleteBehavior.SetNull);
    }
}
