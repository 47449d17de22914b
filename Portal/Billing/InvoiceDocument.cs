using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Documents;
using Portal.Localization;

namespace Portal.Billing;

/// <summary>
/// An invoice as a printed document (A4, in the current UI culture): issuer with VAT number, recipient, billing
/// point, period, the energy in kWh (solar and grid HT/NT), the lines with unit prices, VAT, total, advances and the
/// amount due, and the QR-bill payment part when something is to be paid (INV-01, INV-04, INV-05, QR-01); the meter
/// readings at the start and end of the period and a chart of solar and grid kWh, both as frozen with the invoice.
/// A credit note names the invoice it credits and has no payment part.
/// </summary>
public sealed class InvoiceDocument(IStringLocalizer<SharedResource> text)
{
    public PrintedDocument Build(Invoice invoice, InvoiceIssuer issuer, QrBill? bill, TimeZoneInfo zone, string? creditedNumber = null)
    {
        var culture = CultureInfo.CurrentCulture;
        var title = invoice.Kind switch
        {
            InvoiceKind.CreditNote => text["Billing.Doc.CreditNote", invoice.NumberText ?? ""].Value,
            InvoiceKind.VacancyStatement => text["Billing.Doc.VacancyStatement"].Value,
            _ => text["Billing.Doc.Invoice", invoice.NumberText ?? ""].Value,
        };
        List<DocumentBlock> blocks =
        [
            new KeyValues(
            [
                new(text["Billing.Doc.Issuer"], string.Join(", ", new[] { issuer.Name, $"{issuer.Street} {issuer.BuildingNumber}".Trim(), $"{issuer.PostalCode} {issuer.Town}" }.Where(s => s.Length > 0))),
                .. issuer.VatRegistered && issuer.VatNumber is { } vat ? [new KeyValuePair<string, string>(text["Billing.Doc.VatNumber"], vat)] : Array.Empty<KeyValuePair<string, string>>(),
                new(text["Billing.Doc.Recipient"], string.Join(", ", new[] { invoice.RecipientName, $"{invoice.RecipientStreet} {invoice.RecipientBuildingNumber}".Trim(), $"{invoice.RecipientPostalCode} {invoice.RecipientTown}".Trim() }.Where(s => s.Length > 0))),
                new(text["Billing.Doc.BillingPoint"], invoice.BillingPointName),
                new(text["Billing.Doc.Period"], text["Billing.Doc.PeriodValue", invoice.PeriodStart.ToString("d", culture), invoice.PeriodEnd.AddDays(-1).ToString("d", culture)]),
                new(text["Billing.Doc.IssueDate"], invoice.IssueDate?.ToString("d", culture) ?? ""),
                .. invoice.DueDate is { } due && invoice.Kind == InvoiceKind.Invoice ? [new KeyValuePair<string, string>(text["Billing.Doc.DueDate"], due.ToString("d", culture))] : Array.Empty<KeyValuePair<string, string>>(),
                .. bill is not null ? [new KeyValuePair<string, string>(text["Billing.Doc.Reference"], bill.Reference.Printed)] : Array.Empty<KeyValuePair<string, string>>(),
                .. invoice.Kind == InvoiceKind.CreditNote && creditedNumber is not null ? [new KeyValuePair<string, string>(text["InvoicePdf.Credits"], creditedNumber)] : Array.Empty<KeyValuePair<string, string>>(),
            ]),
            .. Readings(invoice, zone),
            new Heading(text["Billing.Doc.Energy"]),
            new KeyValues(
            [
                new(text["Billing.Doc.SolarKwh"], Kwh(invoice.SolarWh)),
                new(text["Billing.Doc.GridHighKwh"], Kwh(invoice.GridHighWh)),
                new(text["Billing.Doc.GridLowKwh"], Kwh(invoice.GridLowWh)),
                new(text["Billing.Doc.CommonKwh"], Kwh(invoice.CommonWh)),
                .. invoice.CommonWh != 0 ? [new KeyValuePair<string, string>(text["InvoicePdf.AllocationKey"], text["InvoicePdf.AllocationKeyEqual"])] : Array.Empty<KeyValuePair<string, string>>(),
            ]),
            .. Chart(invoice),
            new Heading(text["Billing.Doc.Lines"]),
            new Table(
                [new(text["Billing.Doc.Description"]), new(text["Billing.Doc.Quantity"], CellAlignment.Right), new(text["Billing.Doc.UnitPrice"], CellAlignment.Right), new(text["Billing.Doc.Amount"], CellAlignment.Right)],
                [.. invoice.Lines.OrderBy(l => l.Position).Select(l => (IReadOnlyList<string>)[l.Label, Quantity(l), l.UnitPrice.ToString("0.00##", culture), Amount(l.Amount)])],
                Totals(invoice)),
        ];
        if (invoice.EstimatedWh != 0)
        {
            blocks.Add(new Paragraph(text["Billing.Doc.Estimated", Kwh(invoice.EstimatedWh), invoice.MissingQuarterHours]));
        }

        if (invoice.NextAdvance is { } next && invoice.Kind == InvoiceKind.Invoice)
        {
            blocks.Add(new Paragraph(text["Billing.Doc.NextAdvance", Amount(next), invoice.Currency]));
        }

        if (bill is not null)
        {
            blocks.Add(new QrBillPaymentPart(bill, QrBillTexts.From(text)));
        }

        return new PrintedDocument(title, blocks, Footer: issuer.Name);

        string Kwh(long wh) => text["Billing.Doc.KwhValue", Money.Kwh(wh).ToString("N3", culture)].Value;
        string Amount(decimal amount) => amount.ToString("N2", culture);
        string Quantity(InvoiceLine line) => line.Unit == QuantityUnit.Kwh
            ? text["Billing.Doc.KwhValue", line.Quantity.ToString("N3", culture)].Value
            : text["Billing.Doc.DaysValue", line.Quantity.ToString("0", culture)].Value;
    }

    // INV-04: start and end register of each meter; a register the portal cannot know is said to be unknown.
    private IEnumerable<DocumentBlock> Readings(Invoice invoice, TimeZoneInfo _)
    {
        if (invoice.Readings.Count == 0)
        {
            yield break;
        }

        var culture = CultureInfo.CurrentCulture;
        string Register(long? wh) => wh is { } value ? text["Billing.Doc.KwhValue", Money.Kwh(value).ToString("N1", culture)].Value : text["InvoicePdf.ReadingUnknown"].Value;
        yield return new Heading(text["InvoicePdf.Readings"]);
        yield return new Table(
            [
                new(text["InvoicePdf.Meter"]),
                new(text["InvoicePdf.ReadingAt", invoice.PeriodStart.ToString("d", culture)], CellAlignment.Right),
                new(text["InvoicePdf.ReadingAt", invoice.PeriodEnd.ToString("d", culture)], CellAlignment.Right),
                new(text["InvoicePdf.Consumption"], CellAlignment.Right),
            ],
            [.. invoice.Readings.OrderBy(r => r.Position).Select(r => (IReadOnlyList<string>)
            [
                r.MeterName,
                Register(r.StartWh),
                Register(r.EndWh),
                r.StartWh is { } start && r.EndWh is { } end ? Register(end - start) : text["InvoicePdf.ReadingUnknown"].Value,
            ])]);
    }

    // Daily bars of solar and grid kWh (monthly when the period is longer than a quarter), from the frozen days.
    private IEnumerable<DocumentBlock> Chart(Invoice invoice)
    {
        if (invoice.Kind == InvoiceKind.CreditNote)
        {
            yield break;
        }

        var culture = CultureInfo.CurrentCulture;
        var monthly = invoice.PeriodEnd.DayNumber - invoice.PeriodStart.DayNumber > 93;
        var bars = monthly
            ? invoice.Days.GroupBy(d => new DateOnly(d.Day.Year, d.Day.Month, 1)).OrderBy(g => g.Key)
                .Select(g => new ChartBar(g.Key.ToString("MMM yy", culture), [Money.Kwh(g.Sum(d => d.SolarWh)), Money.Kwh(g.Sum(d => d.GridWh))]))
            : invoice.Days.OrderBy(d => d.Day).Select(d => new ChartBar(d.Day.ToString("dd.MM", culture), [Money.Kwh(d.SolarWh), Money.Kwh(d.GridWh)]));
        yield return new BarChart(
            text[monthly ? "InvoicePdf.ChartMonthly" : "InvoicePdf.ChartDaily"],
            [text["InvoicePdf.ChartSolar"], text["InvoicePdf.ChartGrid"]],
            [.. bars],
            "kWh",
            text["InvoicePdf.ChartEmpty"]);
    }

    private List<IReadOnlyList<string>> Totals(Invoice invoice)
    {
        var culture = CultureInfo.CurrentCulture;
        var totals = new List<IReadOnlyList<string>> { new[] { text["Billing.Doc.Net"].Value, "", "", invoice.NetTotal.ToString("N2", culture) } };
        foreach (var rate in invoice.Lines.Select(l => l.VatRatePercent).Distinct().Where(r => r != 0 && invoice.VatTotal != 0).Order())
        {
            totals.Add([text["Billing.Doc.Vat", rate.ToString("0.0#", culture)].Value, "", "", InvoiceCalculator.VatOf(invoice.Lines.Where(l => l.VatRatePercent == rate).Sum(l => l.Amount), rate).ToString("N2", culture)]);
        }

        totals.Add([text["Billing.Doc.Total", invoice.Currency].Value, "", "", invoice.Total.ToString("N2", culture)]);
        if (invoice.AdvancesPaid != 0)
        {
            totals.Add([text["Billing.Doc.Advances"].Value, "", "", (-invoice.AdvancesPaid).ToString("N2", culture)]);
            totals.Add([text["Billing.Doc.AmountDue", invoice.Currency].Value, "", "", invoice.AmountDue.ToString("N2", culture)]);
        }

        return totals;
    }
}
