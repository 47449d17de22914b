using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("Sites");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Address).HasMaxLength(500);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
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
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(b => b.ResidentId).OnDelete(DeleteBehavior.SetNull);
    }
}
