using Portal.Billing;

namespace Portal.Tests.Billing;

/// <summary>Invoices built by hand with known lines, readings and days, as a billing run would have drafted them.</summary>
internal static class InvoiceSamples
{
    public static readonly InvoiceIssuer Issuer = new("ZEV Sonnenhof", "Bahnhofstrasse", "12", "8001", "Zürich", "CH", "CH4431999123000889012", VatRegistered: true, "CHE-123.456.789 MWST");

    /// <summary>
    /// A quarter's invoice: 300 kWh solar at 0.20, 150 kWh grid HT at 0.30, 50 kWh grid NT at 0.20, a 5.00 metering fee,
    /// 8.1 % VAT. Net 60 + 45 + 10 + 5 = 120.00, VAT 9.72, total 129.72, advances 100.00, due 29.72.
    /// </summary>
    public static Invoice Quarter(string recipient = "Anna Beispiel", string point = "Wohnung 12", string meterName = "Zähler Wohnung 12", int days = 90)
    {
        var invoice = new Invoice
        {
            SiteId = Guid.Parse("5e3c9a11-0000-4000-8000-000000000001"),
            Kind = InvoiceKind.Invoice,
            Status = InvoiceStatus.Draft,
            Number = 42,
            PeriodStart = new DateOnly(2026, 1, 1),
            PeriodEnd = new DateOnly(2026, 1, 1).AddDays(days),
            BillingPointName = point,
            RecipientName = recipient,
            RecipientStreet = "Sonnenweg",
            RecipientBuildingNumber = "3",
            RecipientPostalCode = "8001",
            RecipientTown = "Zürich",
            RecipientCountry = "CH",
            NetTotal = 120.00m,
            VatTotal = 9.72m,
            Total = 129.72m,
            AdvancesPaid = 100.00m,
            AmountDue = 29.72m,
            NextAdvance = 130.00m,
            SolarWh = 300_000,
            GridHighWh = 150_000,
            GridLowWh = 50_000,
            CommonWh = 12_500,
            IssueDate = new DateOnly(2026, 4, 2),
            DueDate = new DateOnly(2026, 5, 2),
        };
        invoice.Lines =
        [
            Line(invoice, 1, InvoiceLineKind.Solar, "Solarstrom", 300m, 0.20m, 60.00m),
            Line(invoice, 2, InvoiceLineKind.GridHigh, "Netzstrom Hochtarif", 150m, 0.30m, 45.00m),
            Line(invoice, 3, InvoiceLineKind.GridLow, "Netzstrom Niedertarif", 50m, 0.20m, 10.00m),
            new InvoiceLine { InvoiceId = invoice.Id, Position = 4, Kind = InvoiceLineKind.MeteringFee, Label = "Messgebühr", Quantity = days, Unit = QuantityUnit.Days, UnitPrice = 5.00m / days, Amount = 5.00m, VatRatePercent = 8.1m },
        ];
        invoice.Readings =
        [
            new InvoiceReading { InvoiceId = invoice.Id, Position = 1, MeterId = "m-12", MeterName = meterName, StartWh = 1_234_500, EndWh = 1_734_500 },
            new InvoiceReading { InvoiceId = invoice.Id, Position = 2, MeterId = "m-12b", MeterName = meterName + " Wärmepumpe", StartWh = null, EndWh = 88_000 },
        ];
        invoice.Days = [.. Enumerable.Range(0, days).Select(d => new InvoiceDay { InvoiceId = invoice.Id, Day = invoice.PeriodStart.AddDays(d), SolarWh = (d % 7) * 1_000, GridWh = 2_000 + (d % 3 * 500) })];
        return invoice;
    }

    private static InvoiceLine Line(Invoice invoice, int position, InvoiceLineKind kind, string label, decimal kwh, decimal price, decimal amount) =>
        new() { InvoiceId = invoice.Id, Position = position, Kind = kind, Label = label, Quantity = kwh, Unit = QuantityUnit.Kwh, UnitPrice = price, Amount = amount, VatRatePercent = 8.1m };
}
