using System.Globalization;
using Portal.Commissioning;
using Portal.Documents;
using Portal.Sites;

namespace Portal.Tests.Documents;

/// <summary>
/// Each printed document filled with the longest content a user can enter: 200-character
/// fields, German compound words, long site and meter names, enough rows for several pages.
/// </summary>
internal static class LongNameSamples
{
    private static readonly DateTimeOffset MadeAt = new(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);

    /// <summary>Builds <paramref name="kind"/> in <paramref name="culture"/> (texts and number formats), as a request in that language would.</summary>
    public static PrintedDocument Build(PrintedDocumentKind kind, string culture)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return kind switch
            {
                PrintedDocumentKind.CommissioningReport => Commissioning.CommissioningTestKit.Report(culture).Build(CommissioningReport()),
                PrintedDocumentKind.Invoice => Invoice(culture),
                _ => throw new NotSupportedException($"No long-names sample for {kind}: add one here so the layout test covers it."),
            };
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    /// <summary>Words repeated up to exactly <paramref name="length"/> characters (the model's limit for names and addresses).</summary>
    public static string Field(string words, int length = 200)
    {
        var text = words;
        while (text.Length < length)
        {
            text += " " + words;
        }

        return text[..length];
    }

    // The longest names an invoice can carry (the QR-bill's limits), every line kind, many meters, a quarter of days.
    private static PrintedDocument Invoice(string culture)
    {
        var invoice = Billing.InvoiceSamples.Quarter(
            Field("Marie-Christine Leuenberger-Vonlanthen-Oberholzer", Portal.Billing.Invoice.RecipientNameMaxLength),
            Field("Appartement 3.12 Dachgeschoss links, Wärmepumpenwarmwasseraufbereitungsanlage"),
            Field("Elektrofahrzeugladestationsinfrastrukturzähler Tiefgarage", 120));
        invoice.RecipientStreet = Field("Donaudampfschifffahrtsgesellschaftsstrasse", 70);
        invoice.RecipientTown = Field("Zürich-Hottingen Oberstrass", 35);
        invoice.Readings = [.. Enumerable.Range(1, 30).Select(i => new Portal.Billing.InvoiceReading { InvoiceId = invoice.Id, Position = i, MeterId = $"m{i}", MeterName = Field($"Hauptverteilungsstromzählerablesestelle {i}", 90), StartWh = i % 4 == 0 ? null : 123_456_789_000L + i, EndWh = 123_456_999_000L + i })];
        foreach (var line in invoice.Lines)
        {
            line.Label = Field(line.Label + " Hochtarifenergiebezug", 120);
        }

        var issuer = Billing.InvoiceSamples.Issuer with { Name = Field("Genossenschaftssiedlungsverwaltung Sonnenhalde", 70), Street = Field("Donaudampfschifffahrtsgesellschaftsstrasse", 70), Town = Field("Zürich-Hottingen Oberstrass", 35) };
        var text = Commissioning.CommissioningTestKit.SharedIn(culture);
        var issuing = new Portal.Billing.InvoiceIssuing(new Portal.Billing.InvoiceDocument(text), new PdfSharpRenderer(), text);
        invoice.Reference = Portal.Billing.InvoiceIssuing.ReferenceFor(issuer.Iban, invoice.SiteId, invoice.Number!.Value).Value;
        return new Portal.Billing.InvoiceDocument(text).Build(invoice, issuer, issuing.BillOf(invoice, issuer), TimeZoneInfo.Utc);
    }

    private static ReportInput CommissioningReport()
    {
        var reading = new ReportReading(MadeAt.AddHours(-2), 1_234_567.125m, 98_765.5m, -123_456m, 231.2m, 229.8m, 232.4m);
        BusSpec[] buses =
        [
            new("bus-c1", Field("Zählerverteilungsschrankkommunikationsumsetzer Untergeschoss", 60), BusKind.Tcp, "2001:0db8:85a3:0000:0000:8a2e:0370:7334", 50200),
            new("bus-c2", "Convertisseur RS-485-Ethernet du local technique principal, bâtiment B", BusKind.Tcp, "converter-building-b.tilleuls.example.ch", 502),
            new("bus-gw", Field("Gateway RS-485 Hauptverteilung", 80), BusKind.Rtu, null, null),
        ];
        string[] names =
        [
            "Hauptverteilungsstromzählerablesestelle",
            Field("Appartement 3.12 Dachgeschoss links, Wärmepumpenwarmwasseraufbereitungsanlage"),
            "Elektrofahrzeugladestationsinfrastrukturzähler Tiefgarage",
            "Photovoltaikanlageneinspeisezähler Süddach",
            "Allgemeinstrom Treppenhausbeleuchtung",
        ];
        var roles = Enum.GetValues<MeterRole>();
        var statuses = Enum.GetValues<InspectionStatus>();
        string[] hints = ["Inspection.Ok", "Inspection.NotAnswering", "Inspection.VoltageHigh", "Inspection.Reversed"];
        var meters = Enumerable.Range(1, 36).Select(i => new ReportMeter(
            $"meter-{i:000}",
            $"{names[i % names.Length]} {i}",
            roles[i % roles.Length],
            i % 3 == 0 ? Field("SDM630MCT-V2-MODBUS-MID", 40) : "SDM630MCT",
            i % 2 == 0 ? 2000 : null,
            i % 7 == 0 ? Field("SN2026000000000000000000000042", 200) : $"21{i:000000}",
            buses[i % buses.Length].Id,
            247,
            i % 4 == 0 ? null : reading,
            i % 5 == 0 ? null : reading with { MeasuredAt = MadeAt, ImportKwh = 1_234_999.875m })).ToList();
        return new ReportInput(
            new ReportSite(
                Field("Wohnüberbauung Sonnenhalde Genossenschaftssiedlungsverwaltungsgesellschaft Résidence Les Tilleuls"),
                Field("Donaudampfschifffahrtsgesellschaftsstrasse 123b, Postfach, 8001 Zürich-Hottingen"),
                SiteType.VirtualRcp,
                "Europe/Zurich"),
            new ReportGateway(Field("gw-wohnueberbauung-sonnenhalde-hauptverteilung", 64), Field("GW-2026-0000000000000042", 100), 123_456, 123_456, "Rejected", MadeAt.AddHours(-3)),
            buses,
            meters,
            [.. meters.Select((m, i) => new MeterInspection(m.Id, statuses[i % statuses.Length], hints[i % hints.Length]))],
            Field("Marie-Christine Leuenberger-Vonlanthen-Oberholzer, Elektroinstallationsunternehmung", 200),
            MadeAt);
    }
}
