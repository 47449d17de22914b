namespace Portal.Billing.Payments;

/// <summary>
/// One incoming payment of a camt.054 notification (one transaction detail, TxDtls). <see cref="Key"/> is stable
/// across imports of the same file, so a payment already imported is recognised (<see cref="PaymentMatcher"/>).
/// </summary>
/// <param name="Key">The bank's reference of the transaction (AcctSvcrRef), else the entry's plus the transaction's index, else a SHA-256 of the entry's fields; prefixed with the account.</param>
/// <param name="AccountIban">The account credited (Ntfctn/Acct/Id/IBAN), null when the bank names it otherwise.</param>
public sealed record BankCredit(
    string Key,
    decimal Amount,
    string Currency,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    BankReference? Reference,
    string? DebtorName,
    string? AccountIban);

/// <summary>Why a transaction of the file is not a payment to match.</summary>
public enum SkipReason
{
    /// <summary>Money going out (CdtDbtInd DBIT).</summary>
    Debit,

    /// <summary>A reversal (RvslInd true) of an earlier booking.</summary>
    Reversal,

    /// <summary>Not booked yet (status other than BOOK).</summary>
    NotBooked,

    /// <summary>One of several transactions of a batch with no amount of its own.</summary>
    NoAmount,
}

/// <summary>A transaction of the file that is listed but not matched, with why.</summary>
public sealed record SkippedTransaction(string Key, decimal? Amount, string? Currency, DateOnly? BookingDate, SkipReason Reason);

/// <summary>
/// Why a file could not be read, as a SharedResource key and its arguments (ready for <c>text[Key, Arguments]</c>),
/// with the line in the file where it applies.
/// </summary>
public sealed record CamtProblem(string Key, IReadOnlyList<object> Arguments, int? Line)
{
    public const string TooLarge = "Payments.Camt.TooLarge";
    public const string Malformed = "Payments.Camt.Malformed";

    /// <summary>Not well-formed at an unknown place, or it declares a DTD (which no bank file does).</summary>
    public const string Refused = "Payments.Camt.Refused";
    public const string NotCamt054 = "Payments.Camt.NotCamt054";
    public const string UnsupportedVersion = "Payments.Camt.UnsupportedVersion";
    public const string BadValue = "Payments.Camt.BadValue";
    public const string Empty = "Payments.Camt.Empty";
}

/// <summary>What <see cref="Camt054Reader"/> read: the credits and the skipped transactions, or the problem.</summary>
public sealed record Camt054Read(string? Version, IReadOnlyList<BankCredit> Credits, IReadOnlyList<SkippedTransaction> Skipped, CamtProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static Camt054Read Failed(CamtProblem problem) => new(null, [], [], problem);
}
