namespace Portal.Billing;

public enum InvoiceKind
{
    /// <summary>A resident's invoice, numbered and payable with its QR-bill.</summary>
    Invoice,

    /// <summary>Cancels an issued invoice in full (its lines negated); numbered in the same sequence.</summary>
    CreditNote,

    /// <summary>What a vacant billing point cost the owner (INV-07): shown in the run, never numbered or sent.</summary>
    VacancyStatement,
}

/// <summary>An invoice's life. Overdue is not a state: an issued or sent invoice past its due date and not paid.</summary>
public enum InvoiceStatus
{
    Draft,
    Issued,
    Sent,
    Paid,
    Credited,
}

/// <summary>
/// An invoice (or credit note, or vacancy statement) of one account over a run's period. Once issued, everything
/// it says is frozen - lines, figures, recipient, reference and PDF - and the database refuses any change to them
/// (a trigger, see the <c>Billing</c> migration); only its status, sending and payment move on.
/// </summary>
public sealed class Invoice
{
    public const int RecipientNameMaxLength = 70;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public Guid BillingRunId { get; set; }

    public Guid BillingPointId { get; set; }

    /// <summary>Null for the owner's vacancy statement.</summary>
    public Guid? ResidentId { get; set; }

    public InvoiceKind Kind { get; set; }

    public InvoiceStatus Status { get; set; }

    /// <summary>Sequential per site, given when issued (credit notes share the sequence).</summary>
    public int? Number { get; set; }

    /// <summary>The account's first local day in the period.</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>The first local day after the account's last day in the period.</summary>
    public DateOnly PeriodEnd { get; set; }

    public string BillingPointName { get; set; } = "";

    public string RecipientName { get; set; } = "";

    public string? RecipientEmail { get; set; }

    /// <summary>The language of the PDF and its e-mail: the recipient's (<see cref="Accounts.PortalUser.Culture"/>), else the issuer's when issuing.</summary>
    public string? Culture { get; set; }

    public string? RecipientStreet { get; set; }

    public string? RecipientBuildingNumber { get; set; }

    public string? RecipientPostalCode { get; set; }

    public string? RecipientTown { get; set; }

    public string? RecipientCountry { get; set; }

    public string Currency { get; set; } = "CHF";

    public decimal NetTotal { get; set; }

    public decimal VatTotal { get; set; }

    public decimal Total { get; set; }

    public decimal AdvancesPaid { get; set; }

    public decimal AmountDue { get; set; }

    public decimal? NextAdvance { get; set; }

    public long SolarWh { get; set; }

    public long GridHighWh { get; set; }

    public long GridLowWh { get; set; }

    public long CommonWh { get; set; }

    public int MissingQuarterHours { get; set; }

    public int EstimatedQuarterHours { get; set; }

    /// <summary>Wh billed by the estimation rule for missing quarter-hours (the invoice says so).</summary>
    public long EstimatedWh { get; set; }

    /// <summary>A meter of the account has no data at all in the period: nothing to estimate from.</summary>
    public bool MissingNotEstimable { get; set; }

    /// <summary>Where data is missing: up to <see cref="MissingSpansShown"/> spans as "meter|fromUtc|toUtc" lines (round-trip instants).</summary>
    public string? MissingSpans { get; set; }

    public const int MissingSpansShown = 20;

    /// <summary>The QR-bill reference (QRR with a QR-IBAN, else SCOR), given when issued.</summary>
    public string? Reference { get; set; }

    public DateOnly? IssueDate { get; set; }

    public DateOnly? DueDate { get; set; }

    public DateTime? IssuedUtc { get; set; }

    public byte[]? Pdf { get; set; }

    public string? PdfSha256 { get; set; }

    /// <summary>For a credit note: the invoice it cancels.</summary>
    public Guid? CorrectsInvoiceId { get; set; }

    /// <summary>For a credited invoice: its credit note.</summary>
    public Guid? CreditedById { get; set; }

    public DateTime? SentUtc { get; set; }

    public string? SentTo { get; set; }

    public decimal PaidAmount { get; set; }

    public DateTime? PaidUtc { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];

    /// <summary>Register readings of the billing point's meters at the start and end of the period (INV-04).</summary>
    public List<InvoiceReading> Readings { get; set; } = [];

    /// <summary>Solar and grid kWh per day, for the chart.</summary>
    public List<InvoiceDay> Days { get; set; } = [];

    public bool IsIssued => IssuedUtc is not null;

    /// <summary>Issued or sent, not paid in full, and past its due date on <paramref name="today"/> (site-local).</summary>
    public bool IsOverdue(DateOnly today) => Status is InvoiceStatus.Issued or InvoiceStatus.Sent && DueDate is { } due && due < today;

    /// <summary>The number as printed: the site's sequence with six digits.</summary>
    public string? NumberText => Number is { } number ? number.ToString("000000", System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>One line of an invoice as issued: its label in the recipient's language at the time, never recomputed.</summary>
public sealed class InvoiceLine
{
    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public InvoiceLineKind Kind { get; set; }

    public string Label { get; set; } = "";

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public decimal Quantity { get; set; }

    public QuantityUnit Unit { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal Amount { get; set; }

    public decimal VatRatePercent { get; set; }
}

/// <summary>An advance payment (Akonto, INV-06) a resident made for a billing point; the next invoice deducts it once.</summary>
public sealed class AdvancePayment
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public Guid BillingPointId { get; set; }

    public Guid ResidentId { get; set; }

    public DateOnly PaidOn { get; set; }

    public decimal Amount { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>The issued invoice that deducted it; null while it waits for one.</summary>
    public Guid? DeductedById { get; set; }
}
