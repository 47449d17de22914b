using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class RelayModuleConfiguration : IEntityTypeConfiguration<RelayModule>
{
    public void Configure(EntityTypeBuilder<RelayModule> builder)
    {
        builder.ToTable("RelayModules");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(64);
        builder.Property(m => m.GatewayId).HasMaxLength(64);
        builder.Property(m => m.BusId).HasMaxLength(64);
        builder.Property(m => m.Name).HasMaxLength(ControlLimits.NameLength);
        builder.Property(m => m.Model).HasMaxLength(32);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(m => m.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Bus>().WithMany().HasForeignKey(m => m.BusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.BusId, m.UnitId }).IsUnique();
    }
}
