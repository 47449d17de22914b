namespace Portal.Billing.Payments;

/// <summary>An invoice a payment may settle: its reference as printed on the QR-bill, what it asks and what was paid on it.</summary>
/// <param name="Closed">Credited or cancelled: it takes no payment any more.</param>
public sealed record PayableInvoice(Guid InvoiceId, string Reference, decimal AmountDue, decimal AlreadyPaid, string Currency = "CHF", bool Closed = false);

/// <summary>A credit applied to an invoice: paid in full (<see cref="Remaining"/> 0) or in part.</summary>
public sealed record MatchedPayment(BankCredit Credit, Guid InvoiceId, decimal Applied, decimal Remaining)
{
    public bool PaidInFull => Remaining == 0m;
}

/// <summary>A credit larger than what its invoice still asked: the invoice is paid in full and <see cref="Excess"/> is left over.</summary>
public sealed record Overpayment(BankCredit Credit, Guid InvoiceId, decimal Applied, decimal Excess);

public enum UnmatchedReason
{
    NoReference,
    UnknownReference,
    WrongCurrency,
    InvoiceAlreadyPaid,
    InvoiceClosed,
}

/// <summary>A credit no invoice takes, for the owner to look at; <see cref="InvoiceId"/> is set when the reference named one.</summary>
public sealed record UnmatchedPayment(BankCredit Credit, UnmatchedReason Reason, Guid? InvoiceId);

/// <summary>A credit seen before: in an earlier import, or earlier in the same file.</summary>
public sealed record DuplicatePayment(BankCredit Credit, bool ImportedBefore);

public sealed record PaymentMatching(
    IReadOnlyList<MatchedPayment> Matched,
    IReadOnlyList<Overpayment> Overpaid,
    IReadOnlyList<UnmatchedPayment> Unmatched,
    IReadOnlyList<DuplicatePayment> Duplicates);

/// <summary>
/// Matches the credits of a bank file to invoices by their structured reference (QRR or SCOR, QR-07), in the
/// file's order: several credits to one invoice add up, and a credit whose key was imported before, or appears twice
/// in the file, matches nothing (so re-importing a file changes nothing). Pure.
/// </summary>
public static class PaymentMatcher
{
    public static PaymentMatching Match(IEnumerable<BankCredit> credits, IEnumerable<PayableInvoice> invoices, IReadOnlySet<string> importedKeys)
    {
        var byReference = new Dictionary<string, PayableInvoice>(StringComparer.Ordinal);
        foreach (var invoice in invoices)
        {
            // A reference belongs to one invoice (QR-07: a new invoice gets a new reference); the first wins if not.
            byReference.TryAdd(BankReference.Normalize(invoice.Reference), invoice);
        }

        var paid = byReference.Values.ToDictionary(i => i.InvoiceId, i => i.AlreadyPaid);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matched = new List<MatchedPayment>();
        var overpaid = new List<Overpayment>();
        var unmatched = new List<UnmatchedPayment>();
        var duplicates = new List<DuplicatePayment>();
        foreach (var credit in credits)
        {
            if (importedKeys.Contains(credit.Key) || !seen.Add(credit.Key))
            {
                duplicates.Add(new DuplicatePayment(credit, importedKeys.Contains(credit.Key)));
                continue;
            }

            if (credit.Reference is null)
            {
                unmatched.Add(new UnmatchedPayment(credit, UnmatchedReason.NoReference, null));
                continue;
            }

            if (!byReference.TryGetValue(credit.Reference.Value, out var invoice))
            {
                unmatched.Add(new UnmatchedPayment(credit, UnmatchedReason.UnknownReference, null));
                continue;
            }

            var outstanding = Math.Max(0m, invoice.AmountDue - paid[invoice.InvoiceId]);
            UnmatchedReason? refused = invoice.Closed ? UnmatchedReason.InvoiceClosed
                : !string.Equals(invoice.Currency, credit.Currency, StringComparison.OrdinalIgnoreCase) ? UnmatchedReason.WrongCurrency
                : outstanding == 0m ? UnmatchedReason.InvoiceAlreadyPaid
                : null;
            if (refused is { } reason)
            {
                unmatched.Add(new UnmatchedPayment(credit, reason, invoice.InvoiceId));
                continue;
            }

            var applied = Math.Min(credit.Amount, outstanding);
            paid[invoice.InvoiceId] += applied;
            if (credit.Amount > outstanding)
            {
                overpaid.Add(new Overpayment(credit, invoice.InvoiceId, applied, credit.Amount - outstanding));
            }
            else
            {
                matched.Add(new MatchedPayment(credit, invoice.InvoiceId, applied, outstanding - applied));
            }
        }

        return new PaymentMatching(matched, overpaid, unmatched, duplicates);
    }
}
