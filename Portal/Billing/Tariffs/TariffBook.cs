namespace Portal.Billing.Tariffs;

/// <summary>
/// What a billing run needs to price a period: which tariff version applies on each day (with the gaps that block
/// issuing), the site's billing settings (null until the owner saved them, which also blocks issuing) and the DSO
/// invoices overlapping the period, whose actual cost is the grid price of the days they cover (ZEV-10).
/// </summary>
public sealed record TariffBook(TariffTimeline Timeline, SiteBillingSettings? Settings, IReadOnlyList<UtilityInvoice> UtilityInvoices)
{
    /// <summary>
    /// The grid price of <paramref name="day"/>: the actual cost of the DSO invoice covering it (the later-starting one
    /// where two overlap), else
    /// the tariff version's HT/NT grid prices; null in a tariff gap without a DSO invoice.
    /// </summary>
    public ActualGridCost? GridPriceOn(DateOnly day)
    {
        var invoice = UtilityInvoices.LastOrDefault(u => u.FirstDay <= day && day <= u.LastDay);
        if (invoice is not null && ActualGridCost.Of(invoice) is { } actual)
        {
            return actual;
        }

        return Timeline.On(day) is { } tariff ? new ActualGridCost(tariff.GridPriceHtPerKwh, tariff.GridPriceNtPerKwh) : null;
    }
}

/// <summary>A tariff version with the cap check's figures, for the owner's page.</summary>
public sealed record TariffVersionView(Tariff Tariff, DateOnly? ValidUntil, SolarPriceFigures Check);

/// <summary>A DSO invoice with the grid price it yields.</summary>
public sealed record UtilityInvoiceView(UtilityInvoice Invoice, ActualGridCost? Cost);

/// <summary>Everything the owner's tariff page shows for a site.</summary>
public sealed record SiteTariffsView(
    Guid SiteId,
    string SiteName,
    bool Archived,
    string TimeZone,
    DateOnly Today,
    IReadOnlyList<TariffVersionView> Versions,
    SiteBillingSettings? Settings,
    IReadOnlyList<UtilityInvoiceView> UtilityInvoices);
