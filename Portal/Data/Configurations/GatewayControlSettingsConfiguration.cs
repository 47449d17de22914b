using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class GatewayControlSettingsConfiguration : IEntityTypeConfiguration<GatewayControlSettings>
{
    public void Configure(EntityTypeBuilder<GatewayControlSettings> builder)
    {
        builder.ToTable("GatewayControlSettings");
        builder.HasKey(s => s.GatewayId);
        builder.Property(s => s.GatewayId).HasMaxLength(64);
        builder.Property(s => s.ZonePhases).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.RippleModuleId).HasMaxLength(64);
        builder.Property(s => s.PeakTargetsW).HasMaxLength(200);
        builder.Property(s => s.PublishedOverrides).HasMaxLength(256 * 1024);
        builder.HasOne<Gateway>().WithOne().HasForeignKey<GatewayControlSettings>(s => s.GatewayId).OnDelete(DeleteBehavior.Cascade);
    }
}
