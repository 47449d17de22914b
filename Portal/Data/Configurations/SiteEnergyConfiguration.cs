using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class SiteEnergyConfiguration : IEntityTypeConfiguration<SiteEnergy>
{
    public void Configure(EntityTypeBuilder<SiteEnergy> builder)
    {
        builder.ToTable("SiteEnergy");
        builder.HasKey(e => new { e.SiteId, e.Resolution, e.StartUtc });
        builder.Property(e => e.StartUtc).HasConversion<UnixSecondsConverter>();
        builder.Ignore(e => e.SolarUsedOnSiteWh);
        builder.Ignore(e => e.LocalSupplyWh);
        builder.Ignore(e => e.SolarToMetersWh);
        builder.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}
