using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Accounts;

namespace Portal.Data.Configurations;

/// <summary>What the portal adds to Identity's user table (Identity maps the rest itself).</summary>
internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength);
        builder.Property(u => u.Culture).HasMaxLength(PortalUser.CultureMaxLength);
        // In the user's row: one address per account, read with it. Optional, told apart by its required columns.
        builder.OwnsOne(u => u.PostalAddress, address =>
        {
            address.Property(a => a.Name).HasColumnName("PostalName").HasMaxLength(Commissioning.FieldLimits.PostalNameLength).IsRequired();
            address.Property(a => a.Street).HasColumnName("PostalStreet").HasMaxLength(Commissioning.FieldLimits.StreetLength).IsRequired();
            address.Property(a => a.BuildingNumber).HasColumnName("PostalBuildingNumber").HasMaxLength(Commissioning.FieldLimits.BuildingNumberLength);
            address.Property(a => a.PostalCode).HasColumnName("PostalCode").HasMaxLength(Commissioning.FieldLimits.PostalCodeLength).IsRequired();
            address.Property(a => a.Town).HasColumnName("PostalTown").HasMaxLength(Commissioning.FieldLimits.TownLength).IsRequired();
            address.Property(a => a.Country).HasColumnName("PostalCountry").HasMaxLength(2).IsFixedLength().IsRequired();
        });
    }
}

internal sealed class AccountInvitationConfiguration : IEntityTypeConfiguration<AccountInvitation>
{
    public void Configure(EntityTypeBuilder<AccountInvitation> builder)
    {
        builder.ToTable("AccountInvitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
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
