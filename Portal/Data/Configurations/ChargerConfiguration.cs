using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class ChargerConfiguration : IEntityTypeConfiguration<Charger>
{
    public void Configure(EntityTypeBuilder<Charger> builder)
    {
        builder.ToTable("Chargers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.GatewayId).HasMaxLength(64);
        builder.Property(c => c.OcppId).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(ControlLimits.NameLength);
        builder.Property(c => c.PhaseMapping).HasMaxLength(16);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(c => c.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.GatewayId, c.OcppId }).IsUnique();
    }
}
