using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Billing.Tariffs;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class TariffConfiguration : IEntityTypeConfiguration<Tariff>
{
    public void Configure(EntityTypeBuilder<Tariff> builder)
    {
        builder.ToTable("Tariffs");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => new { t.SiteId, t.ValidFrom }).IsUnique();
        builder.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.CapMethod).HasConversion<string>().HasMaxLength(32);
        // The calendar is one small value (windows and holidays) always read with its version: stored as its text form.
        builder.Property(t => t.Calendar)
            .HasConversion(c => c.Format(), s => TariffCalendar.Parse(s) ?? TariffCalendar.Empty)
            .HasMaxLength(TariffLimits.CalendarLength)
            .Metadata.SetValueComparer(new ValueComparer<TariffCalendar>((a, b) => Equals(a, b), c => c.GetHashCode(), c => c));
    }
}
