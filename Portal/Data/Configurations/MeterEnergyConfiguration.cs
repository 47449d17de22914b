using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class MeterEnergyConfiguration : IEntityTypeConfiguration<MeterEnergy>
{
    public void Configure(EntityTypeBuilder<MeterEnergy> builder)
    {
        builder.ToTable("MeterEnergy");
        builder.HasKey(e => new { e.MeterId, e.Resolution, e.StartUtc });
        builder.Property(e => e.MeterId).HasMaxLength(64);
        builder.Property(e => e.StartUtc).HasConversion<UnixSecondsConverter>();
        builder.Ignore(e => e.GridWh);
        builder.HasOne<Meter>().WithMany().HasForeignKey(e => e.MeterId).OnDelete(DeleteBehavior.Cascade);
        // A site's meters of one bucket, for the per-meter table and the roll-ups.
        builder.HasIndex(e => new { e.SiteId, e.Resolution, e.StartUtc });
    }
}
