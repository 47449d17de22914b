using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class RelayConfiguration : IEntityTypeConfiguration<Relay>
{
    public void Configure(EntityTypeBuilder<Relay> builder)
    {
        builder.ToTable("Relays");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.GatewayId).HasMaxLength(64);
        builder.Property(r => r.ModuleId).HasMaxLength(64);
        builder.Property(r => r.Appliance).HasMaxLength(ControlLimits.NameLength);
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Phases).HasMaxLength(16);
        builder.Property(r => r.Windows).HasMaxLength(ControlLimits.WindowsLength);
        builder.Property(r => r.StepGroup).HasMaxLength(64);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(r => r.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RelayModule>().WithMany().HasForeignKey(r => r.ModuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ModuleId, r.Coil }).IsUnique();
    }
}
