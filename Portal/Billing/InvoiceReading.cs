namespace Portal.Billing;

/// <summary>
/// A meter's import register at the start and end of an invoice's period (INV-04), captured when the invoice is
/// drafted and frozen with it once issued. Null where the portal cannot know the register at that instant (no
/// reading to start from, or a gap in the intervals since): the invoice says so instead of inventing one.
/// </summary>
public sealed class InvoiceReading
{
    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public string MeterId { get; set; } = "";

    public string MeterName { get; set; } = "";

    public long? StartWh { get; set; }

    public long? EndWh { get; set; }
}
