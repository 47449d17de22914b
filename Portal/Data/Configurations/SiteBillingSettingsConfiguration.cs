using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Billing.Tariffs;
using Portal.Sites;

namespace Portal.Data.Configurations;

internal sealed class SiteBillingSettingsConfiguration : IEntityTypeConfiguration<SiteBillingSettings>
{
    public void Configure(EntityTypeBuilder<SiteBillingSettings> builder)
    {
        builder.ToTable("SiteBillingSettings");
        builder.HasKey(s => s.SiteId);
        builder.HasOne<Site>().WithOne().HasForeignKey<SiteBillingSettings>(s => s.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.IssuerName).HasMaxLength(TariffLimits.NameLength);
        builder.Property(s => s.IssuerStreet).HasMaxLength(TariffLimits.StreetLength);
        builder.Property(s => s.IssuerBuildingNumber).HasMaxLength(TariffLimits.BuildingNumberLength);
        builder.Property(s => s.IssuerPostalCode).HasMaxLength(TariffLimits.PostalCodeLength);
        builder.Property(s => s.IssuerTown).HasMaxLength(TariffLimits.TownLength);
        builder.Property(s => s.IssuerCountry).HasMaxLength(TariffLimits.CountryLength);
        builder.Property(s => s.Iban).HasMaxLength(TariffLimits.IbanLength);
        builder.Property(s => s.VatNumber).HasMaxLength(TariffLimits.VatNumberLength);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.SolarEnergyLabel).HasMaxLength(TariffLimits.LabelLength);
        builder.Property(s => s.GridEnergyHtLabel).HasMaxLength(TariffLimits.LabelLength);
        builder.Property(s => s.GridEnergyNtLabel).HasMaxLength(TariffLimits.LabelLength);
        builder.Property(s => s.MeteringFeeLabel).HasMaxLength(TariffLimits.LabelLength);
        builder.Property(s => s.BillingFeeLabel).HasMaxLength(TariffLimits.LabelLength);
        builder.Property(s => s.CommonElectricityLabel).HasMaxLength(TariffLimits.LabelLength);
    }
}
