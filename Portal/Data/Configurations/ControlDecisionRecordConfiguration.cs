using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

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
        builder.Property(d => d.Figures).HasConversion(DecisionFiguresJson.Converter, DecisionFiguresJson.Comparer);
        builder.HasOne<Gateway>().WithMany().HasForeignKey(d => d.GatewayId).OnDelete(DeleteBehavior.Cascade);
        // At-least-once delivery: the same decision twice is stored once.
        builder.HasIndex(d => new { d.GatewayId, d.Sequence, d.ActionIndex }).IsUnique();
        builder.HasIndex(d => new { d.GatewayId, d.AtUtc });
    }
}
