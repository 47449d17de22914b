using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class MeterFirstReadingConfiguration : IEntityTypeConfiguration<MeterFirstReading>
{
    public void Configure(EntityTypeBuilder<MeterFirstReading> builder)
    {
        builder.ToTable("MeterFirstReadings");
        builder.HasKey(r => r.MeterId);
        builder.Property(r => r.MeterId).HasMaxLength(64);
        builder.HasOne<Meter>().WithMany().HasForeignKey(r => r.MeterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.SiteId);
    }
}
