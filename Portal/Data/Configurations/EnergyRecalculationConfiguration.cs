using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class EnergyRecalculationConfiguration : IEntityTypeConfiguration<EnergyRecalculation>
{
    public void Configure(EntityTypeBuilder<EnergyRecalculation> builder)
    {
        builder.ToTable("EnergyRecalculations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FromUtc).HasConversion<UnixSecondsConverter>();
        builder.Property(e => e.ToUtc).HasConversion<UnixSecondsConverter>();
        builder.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}
