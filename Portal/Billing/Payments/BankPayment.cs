namespace Portal.Billing.Payments;

/// <summary>What an imported credit did.</summary>
public enum PaymentOutcome
{
    /// <summary>Applied in full to its invoice (which may still ask for more: paid in part).</summary>
    Matched,

    /// <summary>Paid its invoice in full with money left over (<see cref="BankPayment.Excess"/>).</summary>
    Overpaid,

    /// <summary>No invoice takes it (<see cref="BankPayment.Reason"/>): the owner looks at it.</summary>
    Unmatched,

    /// <summary>Seen before (in an earlier import or earlier in the file): reported by the import, never stored twice.</summary>
    Duplicate,
}

/// <summary>
/// One credit of an imported camt.054 file, as stored: every credit is kept with what it did, so a re-import
/// recognises it by <see cref="Key"/> (unique per site) and matches nothing twice.
/// </summary>
public sealed class BankPayment
{
    public const int KeyMaxLength = 200;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    /// <summary><see cref="BankCredit.Key"/>: stable across imports of the same file.</summary>
    public string Key { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "CHF";

    public DateOnly? BookingDate { get; set; }

    /// <summary>The structured reference as the bank passed it on (normalised), null when it had none.</summary>
    public string? Reference { get; set; }

    public string? DebtorName { get; set; }

    /// <summary>The invoice it paid, or (when unmatched for a reason that names one) the invoice its reference named.</summary>
    public Guid? InvoiceId { get; set; }

    public PaymentOutcome Outcome { get; set; }

    /// <summary>Why it is unmatched; null otherwise.</summary>
    public UnmatchedReason? Reason { get; set; }

    /// <summary>What it paid on its invoice (0 when unmatched).</summary>
    public decimal Applied { get; set; }

    /// <summary>What is left over beyond the invoice's amount (overpaid), else 0.</summary>
    public decimal Excess { get; set; }

    public DateTime ImportedUtc { get; set; }

    public Guid ImportedById { get; set; }

    public string FileName { get; set; } = "";

    public const int FileNameMaxLength = 255;
}
