namespace Portal.Billing.Tariffs;

/// <summary>
/// The DSO's own invoice to the site for a period (local days, both included), as the owner types it in: kWh and
/// amounts (energy, grid use, levies) per HT and NT, the power charge and the fixed fees, in CHF without VAT when the
/// site is VAT-registered (input tax is deducted) and with VAT otherwise. <see cref="ActualGridCost"/> turns it into
/// the grid price charged to residents (ZEV-10).
/// </summary>
public sealed class UtilityInvoice
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public DateOnly FirstDay { get; set; }

    public DateOnly LastDay { get; set; }

    public decimal KwhHt { get; set; }

    public decimal KwhNt { get; set; }

    public decimal AmountHt { get; set; }

    public decimal AmountNt { get; set; }

    public decimal PowerCharge { get; set; }

    public decimal Fees { get; set; }

    public DayRange Period => new(FirstDay, LastDay);
}
