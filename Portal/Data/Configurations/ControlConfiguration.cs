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

internal sealed class ControlDecisionRecordConfiguration : IEntityTypeConfiguration<ControlDecisionRecord>
{
    public void Configure(EntityTypeBuilder<ControlDecisionRecord> builder)
    {
        builder.ToTable("ControlDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.GatewayId).HasMaxLength(64);
        builder.Property(d => d.TargetId).HasMaxLength(64);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Detail).HasMaxLength(500);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(d => d.GatewayId).OnDelete(DeleteBehavior.Cascade);
        // At-least-once delivery: the same decision twice is stored once.
        builder.HasIndex(d => new { d.GatewayId, d.Sequence, d.ActionIndex }).IsUnique();
        builder.HasIndex(d => new { d.GatewayId, d.AtUtc });
    }
}

internal sealed class ControlStateRecordConfiguration : IEntityTypeConfiguration<ControlStateRecord>
{
    public void Configure(EntityTypeBuilder<ControlStateRecord> builder)
    {
        builder.ToTable("ControlStates");
        builder.HasKey(s => s.GatewayId);
        builder.Property(s => s.GatewayId).HasMaxLength(64);
        builder.Property(s => s.Json).HasMaxLength(256 * 1024);
        builder.HasOne<Gateway>().WithOne().HasForeignKey<ControlStateRecord>(s => s.GatewayId).OnDelete(DeleteBehavior.Cascade);
    }
}
