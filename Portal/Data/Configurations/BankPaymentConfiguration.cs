using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;
using Portal.Billing;
using Portal.Billing.Payments;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class BankPaymentConfiguration : IEntityTypeConfiguration<BankPayment>
{
    public void Configure(EntityTypeBuilder<BankPayment> builder)
    {
        builder.ToTable("BankPayments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Key).HasMaxLength(BankPayment.KeyMaxLength);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Reference).HasMaxLength(140);
        builder.Property(p => p.DebtorName).HasMaxLength(140);
        builder.Property(p => p.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.FileName).HasMaxLength(BankPayment.FileNameMaxLength);

        // What makes a re-import match nothing twice: one row per bank transaction and site.
        builder.HasIndex(p => new { p.SiteId, p.Key }).IsUnique();
        builder.HasIndex(p => new { p.SiteId, p.Outcome });
        builder.HasIndex(p => p.InvoiceId);
        builder.HasOne<Site>().WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.ImportedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
