using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class DataQualityReviewConfiguration : IEntityTypeConfiguration<DataQualityReview>
{
    public void Configure(EntityTypeBuilder<DataQualityReview> builder)
    {
        builder.ToTable("DataQualityReviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.MeterId).HasMaxLength(64);
        builder.Property(r => r.Note).HasMaxLength(FieldLimits.ReviewNoteLength);
        builder.Property(r => r.StartUtc).HasConversion<UnixSecondsConverter>();
        builder.Property(r => r.EndUtc).HasConversion<UnixSecondsConverter>();
        builder.HasIndex(r => new { r.SiteId, r.StartUtc });
        builder.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}
