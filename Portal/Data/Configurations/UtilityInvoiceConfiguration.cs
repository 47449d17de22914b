using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Billing.Tariffs;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class UtilityInvoiceConfiguration : IEntityTypeConfiguration<UtilityInvoice>
{
    public void Configure(EntityTypeBuilder<UtilityInvoice> builder)
    {
        builder.ToTable("UtilityInvoices");
        builder.HasKey(u => u.Id);
        builder.Ignore(u => u.Period);
        builder.HasIndex(u => new { u.SiteId, u.FirstDay });
        builder.HasOne<Site>().WithMany().HasForeignKey(u => u.SiteId).OnDelete(DeleteBehavior.Cascade);
    }
}
