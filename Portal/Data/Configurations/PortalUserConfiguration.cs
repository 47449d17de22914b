using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;

namespace Portal.Data.Configurations;

/// <summary>What the portal adds to Identity's user table (Identity maps the rest itself).</summary>
internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(200);
}

/// <summary>The four roles are data every database holds, with fixed ids (<see cref="Roles.IdOf"/>).</summary>
internal sealed class PortalRoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> builder) =>
        builder.HasData(Roles.All.Select(role => new IdentityRole<Guid>
        {
            Id = Roles.IdOf(role),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            // Fixed, or every build would see a model change.
            ConcurrencyStamp = Roles.IdOf(role).ToString("N"),
        }));
}
