using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Billing;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.BillingPointName).HasMaxLength(BillingPoint.NameMaxLength);
        builder.Property(i => i.RecipientName).HasMaxLength(Invoice.RecipientNameMaxLength);
        builder.Property(i => i.RecipientEmail).HasMaxLength(256);
        builder.Property(i => i.Culture).HasMaxLength(Accounts.PortalUser.CultureMaxLength);
        builder.Property(i => i.RecipientStreet).HasMaxLength(70);
        builder.Property(i => i.RecipientBuildingNumber).HasMaxLength(16);
        builder.Property(i => i.RecipientPostalCode).HasMaxLength(16);
        builder.Property(i => i.RecipientTown).HasMaxLength(35);
        builder.Property(i => i.RecipientCountry).HasMaxLength(2);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.Reference).HasMaxLength(27);
        builder.Property(i => i.PdfSha256).HasMaxLength(64);
        builder.Property(i => i.SentTo).HasMaxLength(256);
        builder.HasIndex(i => new { i.SiteId, i.Number }).IsUnique();
        builder.HasIndex(i => new { i.SiteId, i.Reference });
        builder.HasIndex(i => i.ResidentId);
        builder.HasOne<Site>().WithMany().HasForeignKey(i => i.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BillingPoint>().WithMany().HasForeignKey(i => i.BillingPointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Readings).WithOne().HasForeignKey(r => r.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Days).WithOne().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(i => i.IsIssued);
        builder.Ignore(i => i.NumberText);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("InvoiceLines");
        builder.HasKey(l => new { l.InvoiceId, l.Position });
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(l => l.Unit).HasConversion<string>().HasMaxLength(8);
        builder.Property(l => l.Label).HasMaxLength(120);
    }
}

internal sealed class AdvancePaymentConfiguration : IEntityTypeConfiguration<AdvancePayment>
{
    public void Configure(EntityTypeBuilder<AdvancePayment> builder)
    {
        builder.ToTable("AdvancePayments");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.SiteId, a.BillingPointId, a.PaidOn });
        builder.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BillingPoint>().WithMany().HasForeignKey(a => a.BillingPointId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InvoiceReadingConfiguration : IEntityTypeConfiguration<InvoiceReading>
{
    public void Configure(EntityTypeBuilder<InvoiceReading> builder)
    {
        builder.ToTable("InvoiceReadings");
        builder.HasKey(r => new { r.InvoiceId, r.Position });
        builder.Property(r => r.MeterId).HasMaxLength(64);
        builder.Property(r => r.MeterName).HasMaxLength(Commissioning.FieldLimits.NameLength);
    }
}

internal sealed class InvoiceDayConfiguration : IEntityTypeConfiguration<InvoiceDay>
{
    public void Configure(EntityTypeBuilder<InvoiceDay> builder)
    {
        builder.ToTable("InvoiceDays");
        builder.HasKey(d => new { d.InvoiceId, d.Day });
    }
}
