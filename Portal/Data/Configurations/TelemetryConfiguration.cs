using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Commissioning;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Data.Configurations;

internal sealed class GatewayConfiguration : IEntityTypeConfiguration<Gateway>
{
    public void Configure(EntityTypeBuilder<Gateway> builder)
    {
        builder.ToTable("Gateways");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).HasMaxLength(64);
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Serial).HasMaxLength(FieldLimits.SerialLength);
        builder.Property(g => g.MqttUsername).HasMaxLength(100);
        builder.Property(g => g.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(g => g.ConfigOutcome).HasMaxLength(16);
        builder.Property(g => g.ConfigRejectReason).HasMaxLength(2000);
        builder.HasOne<Site>().WithMany().HasForeignKey(g => g.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(g => g.MqttUsername).IsUnique();
    }
}

internal sealed class BusConfiguration : IEntityTypeConfiguration<Bus>
{
    public void Configure(EntityTypeBuilder<Bus> builder)
    {
        builder.ToTable("Buses");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasMaxLength(64);
        builder.Property(b => b.Name).HasMaxLength(FieldLimits.NameLength);
        builder.Property(b => b.Building).HasMaxLength(FieldLimits.NameLength);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(b => b.Host).HasMaxLength(FieldLimits.HostLength);
        builder.Property(b => b.Device).HasMaxLength(FieldLimits.DeviceLength);
        builder.Property(b => b.Parity).HasMaxLength(8);
        // Buses stored before the setting existed keep RS-485 mode on, as the edge always used it. The sentinel is
        // the CLR default (true), so an explicit false is written and never replaced by the column default.
        builder.Property(b => b.Rs485).HasDefaultValue(true).HasSentinel(true);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(b => b.GatewayId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeterConfiguration : IEntityTypeConfiguration<Meter>
{
    public void Configure(EntityTypeBuilder<Meter> builder)
    {
        builder.ToTable("Meters");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(64);
        builder.Property(m => m.Name).HasMaxLength(FieldLimits.NameLength);
        builder.Property(m => m.Model).HasMaxLength(32);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Serial).HasMaxLength(FieldLimits.SerialLength);
        builder.HasOne<Site>().WithMany().HasForeignKey(m => m.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Bus>().WithMany().HasForeignKey(m => m.BusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BillingPoint>().WithMany().HasForeignKey(m => m.BillingPointId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => new { m.BusId, m.UnitId }).IsUnique();
        builder.HasOne<GridConnection>().WithMany().HasForeignKey(m => m.GridConnectionId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MeterIntervalConfiguration : IEntityTypeConfiguration<MeterInterval>
{
    public void Configure(EntityTypeBuilder<MeterInterval> builder)
    {
        builder.ToTable("MeterIntervals");
        builder.HasKey(i => new { i.MeterId, i.StartUtc });
        // Whole seconds are enough and lose nothing: the contract accepts only instants on a quarter-hour
        // (ContractParser, tick-exact), the demo history writes quarter-hours, and MeterIntervalWriter, the one
        // writer, refuses anything finer than a second, so no two intervals can fall onto one key. Integers read
        // without a text conversion: a day of 100 meters is 9,600 of them per balance.
        builder.Property(i => i.StartUtc).HasConversion<UnixSecondsConverter>();
        builder.Property(i => i.EndUtc).HasConversion<UnixSecondsConverter>();
        // Rows lie in the file in arrival order (every meter's quarter-hour, one after another): the balance and the
        // interval export read one meter's span at a time, so they read it from this index alone, in order, instead
        // of one scattered table page per interval.
        builder.HasIndex(i => new { i.MeterId, i.StartUtc, i.EndUtc, i.ImportWh, i.ExportWh, i.CounterWentBackwards })
            .HasDatabaseName("IX_MeterIntervals_Energy");
        builder.Property(i => i.GatewayId).HasMaxLength(64);
        builder.HasOne<Meter>().WithMany().HasForeignKey(i => i.MeterId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeterLiveReadingConfiguration : IEntityTypeConfiguration<MeterLiveReading>
{
    public void Configure(EntityTypeBuilder<MeterLiveReading> builder)
    {
        builder.ToTable("MeterLiveReadings");
        builder.HasKey(r => r.MeterId);
        builder.HasOne<Meter>().WithMany().HasForeignKey(r => r.MeterId).OnDelete(DeleteBehavior.Cascade);
    }
}
