namespace Portal.Billing;

/// <summary>
/// One local day of an invoice's consumption, solar and grid, for its chart: captured when the invoice is drafted
/// (from the meters' quarter-hours) and frozen with it, so the printed chart never changes with late data.
/// </summary>
public sealed class InvoiceDay
{
    public Guid InvoiceId { get; set; }

    public DateOnly Day { get; set; }

    public long SolarWh { get; set; }

    public long GridWh { get; set; }
}
