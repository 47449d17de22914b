namespace Portal.Billing;

/// <summary>
/// The prices of one tariff version as an invoice applies them: solar CHF/kWh, grid CHF/kWh in the high and low
/// tariff windows (equal, and <see cref="HasLowTariff"/> false, for a single tariff: ZEV-10, ZEV-16), the fixed fees
/// per billing point and month (INV-05, ZEV-14) and the VAT rate of its days (INV-02).
/// </summary>
public sealed record TariffPrices(
    decimal SolarPerKwh,
    decimal GridHighPerKwh,
    decimal GridLowPerKwh,
    bool HasLowTariff,
    decimal MeteringFeePerMonth,
    decimal BillingFeePerMonth,
    decimal VatRatePercent);

/// <summary>A tariff segment of the period with its prices (<see cref="TariffSegment"/> has its HT/NT calendar).</summary>
public sealed record PricedSegment(UtcSpan Span, TariffPrices Prices);
