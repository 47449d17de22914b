using Portal.Commissioning;

namespace Portal.Billing.Tariffs;

/// <summary>
/// The limits of every tariff, billing-settings and utility-invoice field, in one place: the page shows them as
/// validation messages, <see cref="Tariffs"/> refuses what breaks them with the same messages, and the EF
/// configurations size the columns from the same constants. Address lengths are the QR-bill's (QR-05).
/// </summary>
public static class TariffLimits
{
    public const int NameLength = 70;
    public const int StreetLength = 70;
    public const int BuildingNumberLength = 16;
    public const int PostalCodeLength = 16;
    public const int TownLength = 35;
    public const int CountryLength = 2;
    public const int IbanLength = 34;
    public const int VatNumberLength = 20;
    public const int LabelLength = 100;
    public const int CalendarLength = 4000;

    /// <summary>CHF/kWh to a thousandth of a centime; 5 CHF/kWh is far above any Swiss tariff.</summary>
    public static DecimalLimit SolarPrice { get; } = new("Tariffs.SolarPrice", 0m, 5m, 5);

    public static DecimalLimit GridPriceHt { get; } = new("Tariffs.GridPriceHt", 0m, 5m, 5);

    public static DecimalLimit GridPriceNt { get; } = new("Tariffs.GridPriceNt", 0m, 5m, 5);

    public static DecimalLimit MeteringFee { get; } = new("Tariffs.MeteringFee", 0m, 1000m, 2);

    public static DecimalLimit BillingFee { get; } = new("Tariffs.BillingFee", 0m, 1000m, 2);

    public static DecimalLimit VatRate { get; } = new("Tariffs.VatRate", 0m, 30m, 2);

    public static DecimalLimit ReferenceHt { get; } = new("Tariffs.ReferenceHt", 0m, 5m, 5);

    public static DecimalLimit ReferenceNt { get; } = new("Tariffs.ReferenceNt", 0m, 5m, 5);

    public static DecimalLimit ReferenceFees { get; } = new("Tariffs.ReferenceFees", 0m, 1000m, 2);

    public static DecimalLimit ReferenceKwhPerYear { get; } = new("Tariffs.ReferenceKwh", 100m, 1_000_000m, 0);

    public static DecimalLimit ReferenceHtShare { get; } = new("Tariffs.ReferenceHtShare", 0m, 100m, 1);

    public static TextLimit IssuerName { get; } = new("Tariffs.IssuerName", NameLength);

    public static TextLimit IssuerStreet { get; } = new("Tariffs.IssuerStreet", StreetLength);

    public static TextLimit IssuerBuildingNumber { get; } = new("Tariffs.IssuerBuildingNumber", BuildingNumberLength);

    public static TextLimit IssuerPostalCode { get; } = new("Tariffs.IssuerPostalCode", PostalCodeLength);

    public static TextLimit IssuerTown { get; } = new("Tariffs.IssuerTown", TownLength);

    public static TextLimit Label { get; } = new("Tariffs.Label", LabelLength);

    public static WholeNumberLimit PaymentTermDays { get; } = new("Tariffs.PaymentTerm", 0, 365);

    public static DecimalLimit UtilityKwhHt { get; } = new("Tariffs.UtilityKwhHt", 0m, 100_000_000m, 3);

    public static DecimalLimit UtilityKwhNt { get; } = new("Tariffs.UtilityKwhNt", 0m, 100_000_000m, 3);

    public static DecimalLimit UtilityAmountHt { get; } = new("Tariffs.UtilityAmountHt", 0m, 100_000_000m, 2);

    public static DecimalLimit UtilityAmountNt { get; } = new("Tariffs.UtilityAmountNt", 0m, 100_000_000m, 2);

    public static DecimalLimit UtilityPowerCharge { get; } = new("Tariffs.UtilityPowerCharge", 0m, 100_000_000m, 2);

    public static DecimalLimit UtilityFees { get; } = new("Tariffs.UtilityFees", 0m, 100_000_000m, 2);
}
