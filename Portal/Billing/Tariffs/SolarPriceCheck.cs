namespace Portal.Billing.Tariffs;

/// <summary>The figures of a solar price check, all CHF/kWh including VAT, for a warning that shows them.</summary>
/// <param name="ReferencePerKwh">The standard product for the reference consumption (HT/NT split, fees spread over the kWh).</param>
/// <param name="CapPercent">80 (ZEV-11) or 100 (ZEV-12).</param>
/// <param name="CapPerKwh">The most the solar kWh may cost: <paramref name="CapPercent"/> of the reference.</param>
/// <param name="OurPerKwh">The solar price plus the internal fees spread over the kWh, with VAT when the site is registered.</param>
/// <param name="MarginPerKwh">Cap minus our price: negative when the price breaks the cap.</param>
public sealed record SolarPriceFigures(decimal ReferencePerKwh, int CapPercent, decimal CapPerKwh, decimal OurPerKwh, decimal MarginPerKwh)
{
    public bool BreaksCap => MarginPerKwh < 0;
}

/// <summary>
/// The cap check of ZEV-11..13: the internal costs (solar price, metering and billing fees however they are invoiced)
/// in CHF per kWh for a reference consumption, against the DSO's external standard product for the same kWh with its
/// HT/NT split and fees, VAT included on both sides. Under the flat option the cap is 80 % of the reference (ZEV-11),
/// under effective costs 100 % (ZEV-12; the "half the saving" allowance is not checked here).
/// </summary>
public static class SolarPriceCheck
{
    public static SolarPriceFigures Check(Tariff tariff, bool vatRegistered)
    {
        var kwhPerMonth = tariff.ReferenceKwhPerYear / 12m;
        var htShare = tariff.ReferenceHtSharePercent / 100m;
        var reference = (htShare * tariff.ReferenceHtPerKwh) + ((1m - htShare) * tariff.ReferenceNtPerKwh)
            + (kwhPerMonth > 0 ? tariff.ReferenceFeesPerMonth / kwhPerMonth : 0m);
        var capPercent = tariff.CapMethod == SolarPriceCap.EffectiveCost ? 100 : 80;
        var cap = reference * capPercent / 100m;
        var internalFees = kwhPerMonth > 0 ? (tariff.MeteringFeePerMonth + tariff.BillingFeePerMonth) / kwhPerMonth : 0m;
        var ours = (tariff.SolarPricePerKwh + internalFees) * (vatRegistered ? 1m + (tariff.VatRatePercent / 100m) : 1m);
        return new SolarPriceFigures(Round(reference), capPercent, Round(cap), Round(ours), Round(cap) - Round(ours));
    }

    /// <summary>Figures in CHF/kWh to a hundredth of a centime, as tariff sheets print them.</summary>
    private static decimal Round(decimal perKwh) => decimal.Round(perKwh, 4, MidpointRounding.AwayFromZero);
}
