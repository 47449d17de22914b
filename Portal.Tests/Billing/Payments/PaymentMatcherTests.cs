using Portal.Billing.Payments;

namespace Portal.Tests.Billing.Payments;

public sealed class PaymentMatcherTests
{
    private const string QrrA = "210000000003139471430009017";
    private const string ScorB = "RF96ZEV2025Q1W12";
    private static readonly Guid InvoiceA = Guid.NewGuid();
    private static readonly Guid InvoiceB = Guid.NewGuid();
    private static readonly IReadOnlySet<string> NothingImported = new HashSet<string>();

    private static BankCredit Credit(string key, decimal amount, string? reference, string currency = "CHF") =>
        new(key, amount, currency, new DateOnly(2025, 4, 15), new DateOnly(2025, 4, 15), BankReference.Parse(reference), "Anna Beispiel", "CH4431999123000889012");

    private static PayableInvoice[] Invoices(decimal alreadyPaidA = 0m, bool closedB = false) =>
    [
        // As printed on the QR-bill, with spaces (QR-08: 2 + 5x5 groups).
        new(InvoiceA, "21 00000 00003 13947 14300 09017", 216.20m, alreadyPaidA),
        new(InvoiceB, ScorB, 150.00m, 0m, Closed: closedB),
    ];

    [Fact]
    public void An_exact_payment_pays_its_invoice_in_full()
    {
        var result = PaymentMatcher.Match([Credit("k1", 216.20m, QrrA)], Invoices(), NothingImported);

        var match = Assert.Single(result.Matched);
        Assert.Equal((InvoiceA, 216.20m, 0m, true), (match.InvoiceId, match.Applied, match.Remaining, match.PaidInFull));
        Assert.Empty(result.Overpaid);
        Assert.Empty(result.Unmatched);
    }

    [Fact]
    public void A_partial_payment_leaves_the_remaining_amount_and_a_second_one_completes_it()
    {
        var result = PaymentMatcher.Match([Credit("k1", 100m, QrrA), Credit("k2", 116.20m, QrrA)], Invoices(), NothingImported);

        Assert.Equal([(100m, 116.20m, false), (116.20m, 0m, true)], result.Matched.Select(m => (m.Applied, m.Remaining, m.PaidInFull)));
    }

    [Fact]
    public void A_payment_counts_what_was_paid_before_on_the_invoice()
    {
        var result = PaymentMatcher.Match([Credit("k1", 16.20m, QrrA)], Invoices(alreadyPaidA: 200m), NothingImported);

        Assert.True(Assert.Single(result.Matched).PaidInFull);
    }

    [Fact]
    public void An_overpayment_pays_the_invoice_in_full_and_reports_the_excess()
    {
        var result = PaymentMatcher.Match([Credit("k1", 250m, QrrA)], Invoices(), NothingImported);

        var over = Assert.Single(result.Overpaid);
        Assert.Equal((InvoiceA, 216.20m, 33.80m), (over.InvoiceId, over.Applied, over.Excess));
        Assert.Empty(result.Matched);
    }

    [Fact]
    public void Unknown_or_missing_references_are_unmatched_with_their_reason()
    {
        var result = PaymentMatcher.Match(
            [Credit("k1", 10m, "001000000000000000000000015"), Credit("k2", 10m, null)], Invoices(), NothingImported);

        Assert.Equal([UnmatchedReason.UnknownReference, UnmatchedReason.NoReference], result.Unmatched.Select(u => u.Reason));
        Assert.Empty(result.Matched);
    }

    [Fact]
    public void A_payment_in_another_currency_an_invoice_already_paid_and_a_credited_invoice_are_unmatched()
    {
        var result = PaymentMatcher.Match(
            [Credit("k1", 216.20m, QrrA, "EUR"), Credit("k2", 150m, ScorB)],
            Invoices(closedB: true), NothingImported);
        var paidBefore = PaymentMatcher.Match([Credit("k3", 216.20m, QrrA)], Invoices(alreadyPaidA: 216.20m), NothingImported);

        Assert.Equal([(UnmatchedReason.WrongCurrency, InvoiceA), (UnmatchedReason.InvoiceClosed, InvoiceB)], result.Unmatched.Select(u => (u.Reason, u.InvoiceId!.Value)));
        Assert.Equal(UnmatchedReason.InvoiceAlreadyPaid, Assert.Single(paidBefore.Unmatched).Reason);
    }

    [Fact]
    public void The_same_transaction_twice_in_one_file_is_matched_once()
    {
        var credit = Credit("k1", 216.20m, QrrA);

        var result = PaymentMatcher.Match([credit, credit], Invoices(), NothingImported);

        Assert.Single(result.Matched);
        Assert.False(Assert.Single(result.Duplicates).ImportedBefore);
    }

    [Fact]
    public async Task Re_importing_a_file_matches_nothing_again()
    {
        await using var file = File.OpenRead(Path.Combine(Support.RepositoryPaths.Root, "Portal.Tests", "Billing", "Payments", "Samples", "postfinance-camt054-001-04.xml"));
        var credits = (await Camt054Reader.ReadAsync(file)).Credits;
        var first = PaymentMatcher.Match(credits, Invoices(), NothingImported);
        var imported = first.Matched.Select(m => m.Credit.Key).Concat(first.Unmatched.Select(u => u.Credit.Key)).ToHashSet();

        var again = PaymentMatcher.Match(credits, Invoices(alreadyPaidA: 0m), imported);

        Assert.Equal([InvoiceA, InvoiceB], first.Matched.Select(m => m.InvoiceId));
        Assert.Empty(again.Matched);
        Assert.Empty(again.Unmatched);
        Assert.Equal(credits.Count, again.Duplicates.Count);
        Assert.All(again.Duplicates, d => Assert.True(d.ImportedBefore));
    }
}
