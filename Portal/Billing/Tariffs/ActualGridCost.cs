namespace Portal.Billing.Tariffs;

/// <summary>
/// The grid price per kWh charged to residents for a period the DSO invoiced: its actual cost, no mark-up (ZEV-10).
/// Rule: each tariff part costs its own amount (energy, grid use, levies) per kWh of that part; the power charge and
/// the fixed fees (metering at the ZEV meter point, base fee) belong to no part, so they are spread evenly over all
/// kWh of the invoice and added to both prices. A part with no kWh (a single-tariff invoice has no NT) takes the other
/// part's price. Prices are kept to a millionth of a franc; the invoice rounds each line once.
/// </summary>
public sealed record ActualGridCost(decimal HtPerKwh, decimal NtPerKwh)
{
    /// <summary>Null when the invoice has no kWh at all: there is nothing to spread its cost over.</summary>
    public static ActualGridCost? Of(UtilityInvoice invoice)
    {
        var kwh = invoice.KwhHt + invoice.KwhNt;
        if (kwh <= 0)
        {
            return null;
        }

        var spread = (invoice.PowerCharge + invoice.Fees) / kwh;
        decimal? ht = invoice.KwhHt > 0 ? (invoice.AmountHt / invoice.KwhHt) + spread : null;
        decimal? nt = invoice.KwhNt > 0 ? (invoice.AmountNt / invoice.KwhNt) + spread : null;
        return new ActualGridCost(Round(ht ?? nt!.Value), Round(nt ?? ht!.Value));
    }

    private static decimal Round(decimal perKwh) => decimal.Round(perKwh, 6, MidpointRounding.AwayFromZero);
}
