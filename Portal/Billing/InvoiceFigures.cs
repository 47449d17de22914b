namespace Portal.Billing;

/// <summary>What an invoice line bills; its label is the site's text for the kind (INV-05), in the reader's language.</summary>
public enum InvoiceLineKind
{
    Solar,
    Grid,
    GridHigh,
    GridLow,
    CommonElectricity,
    MeteringFee,
    BillingFee,
}

public enum QuantityUnit
{
    Kwh,
    Days,
}

/// <summary>
/// One line of an invoice, rounded once to the centime: quantity x unit price for energy; for a fixed fee the days
/// billed, at the monthly fee, pro rata by the days of each month (INV-07). <see cref="From"/>..<see cref="To"/>
/// (end excluded) are the local days of the tariff segment it belongs to.
/// </summary>
public sealed record InvoiceLineDraft(
    InvoiceLineKind Kind,
    DateOnly From,
    DateOnly To,
    decimal Quantity,
    QuantityUnit Unit,
    decimal UnitPrice,
    decimal Amount,
    decimal VatRatePercent);

/// <summary>The VAT of one rate: the net amount of its lines and the tax on it, rounded once (INV-01, INV-02).</summary>
public sealed record VatLine(decimal RatePercent, decimal NetAmount, decimal VatAmount);

/// <summary>
/// An invoice's lines and totals: net, VAT per rate (none when the owner is not VAT-registered, INV-03), total,
/// the advance payments deducted and the amount due (negative: a credit to the resident), and the advance proposed
/// for the next period (INV-06; null when the resident moved out).
/// </summary>
public sealed record InvoiceFigures(
    IReadOnlyList<InvoiceLineDraft> Lines,
    IReadOnlyList<VatLine> Vat,
    decimal NetTotal,
    decimal VatTotal,
    decimal Total,
    decimal AdvancesPaid,
    decimal AmountDue,
    decimal? NextAdvance);
