using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Control;
using Portal.Sites;

namespace Portal.Data.Configurations;

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
