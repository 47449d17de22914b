namespace Portal.Billing.Tariffs;

/// <summary>
/// One version of a site's tariff, valid from <see cref="ValidFrom"/> (a local day in the site's zone) until the day
/// before the next version's <see cref="ValidFrom"/> (<see cref="TariffTimeline"/>). Prices are CHF per kWh and fees CHF
/// per month and billing point, all without VAT; VAT is added on the invoice at <see cref="VatRatePercent"/> when the
/// site is VAT-registered (INV-02, INV-03). A single tariff has equal HT and NT grid prices.
/// </summary>
public sealed class Tariff
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>Solar energy, CHF/kWh (the internal costs of ZEV-11 or ZEV-12).</summary>
    public decimal SolarPricePerKwh { get; set; }

    /// <summary>Grid energy in high tariff, CHF/kWh at actual cost (ZEV-10).</summary>
    public decimal GridPriceHtPerKwh { get; set; }

    /// <summary>Grid energy in low tariff, CHF/kWh at actual cost (ZEV-10).</summary>
    public decimal GridPriceNtPerKwh { get; set; }

    /// <summary>Metering fee, CHF per month and billing point (ZEV-14).</summary>
    public decimal MeteringFeePerMonth { get; set; }

    /// <summary>Billing fee, CHF per month and billing point (ZEV-14).</summary>
    public decimal BillingFeePerMonth { get; set; }

    /// <summary>VAT rate of the supply period in percent (INV-02: 8.1 since 2024).</summary>
    public decimal VatRatePercent { get; set; } = DefaultVatRatePercent;

    /// <summary>The DSO's HT/NT windows and NT holidays (ZEV-16).</summary>
    public TariffCalendar Calendar { get; set; } = TariffCalendar.Empty;

    public SolarPriceCap CapMethod { get; set; } = SolarPriceCap.FlatEightyPercent;

    /// <summary>The DSO's external standard product in HT, CHF/kWh including energy, grid, levies and VAT (ZEV-13).</summary>
    public decimal ReferenceHtPerKwh { get; set; }

    /// <summary>The standard product in NT, CHF/kWh including VAT (ZEV-13).</summary>
    public decimal ReferenceNtPerKwh { get; set; }

    /// <summary>The standard product's fixed fees (metering, base fee), CHF per month including VAT (ZEV-13).</summary>
    public decimal ReferenceFeesPerMonth { get; set; }

    /// <summary>The yearly consumption the cap is checked for (a typical dwelling: 4500 kWh).</summary>
    public decimal ReferenceKwhPerYear { get; set; } = DefaultReferenceKwhPerYear;

    /// <summary>The share of that consumption in HT, in percent, as the standard product splits it (ZEV-13).</summary>
    public decimal ReferenceHtSharePercent { get; set; } = DefaultReferenceHtSharePercent;

    public const decimal DefaultVatRatePercent = 8.1m;

    /// <summary>A detached copy for an editor to change without touching the shown version (every member is a value).</summary>
    public Tariff Copy() => (Tariff)MemberwiseClone();

    public const decimal DefaultReferenceKwhPerYear = 4500m;

    public const decimal DefaultReferenceHtSharePercent = 60m;
}
