using System.Globalization;
using CsvHelper;
using Portal.Commissioning;
using Portal.Documents;
using Portal.Sites;
using Portal.Tests.Support;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

public sealed class CommissioningReportTests
{
    // 23:30 UTC on 21 November is already 22 November, 00:30, in Zurich.
    private static readonly DateTimeOffset MadeAt = new(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);


    private static ReportInput Input(params MeterInspection[] inspections)
    {
        var first = new ReportReading(new DateTimeOffset(2026, 11, 21, 22, 0, 5, TimeSpan.Zero), 1234.5m, 0.25m, 640m, 231.2m, 229.8m, 232.4m);
        var latest = first with { MeasuredAt = first.MeasuredAt.AddHours(1), ImportKwh = 1235.125m, PowerW = -12.5m };
        return new ReportInput(
            new ReportSite("Résidence Les Tilleuls", "Rue du Lac 12, 1800 Vevey", SiteType.StandardRcp, "Europe/Zurich"),
            new ReportGateway("gw-tilleuls", "GW-2026-0042", 3, 3, "Applied", new DateTimeOffset(2026, 11, 21, 21, 15, 0, TimeSpan.Zero)),
            [Converter1, GatewayBus],
            [
                new ReportMeter("intro", "Introduction, main \"A\"", MeterRole.GridIntroduction, "SDM630MCT", 400, "21000002", "bus-c1", 2, first, latest),
                new ReportMeter("apt-11", "Appartement 1.1", MeterRole.Consumer, "SDM630", null, "21000001", "bus-gw", 1, first, first, BillingPoint: "Logement 1.1"),
                new ReportMeter("apt-12", "Appartement 1.2", MeterRole.Consumer, "SDM630", null, "", "bus-gw", 3, null, null),
            ],
            inspections.Length > 0 ? inspections :
            [
                new MeterInspection("intro", InspectionStatus.Ok, "Inspection.Ok"),
                new MeterInspection("apt-11", InspectionStatus.Ok, "Inspection.Ok"),
                new MeterInspection("apt-12", InspectionStatus.NotAnswering, "Inspection.NotAnswering"),
            ],
            "Luc Favre",
            MadeAt);
    }

    [Fact]
    public void Csv_round_trips_through_CsvHelper_with_one_row_per_meter_and_invariant_numbers()
    {
        var csv = Report("fr-CH").Csv(Input());

        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();

        Assert.Equal(CommissioningReport.CsvColumns, reader.HeaderRecord);
        Assert.Equal(3, rows.Count);
        var intro = rows[0];
        Assert.Equal("Introduction, main \"A\"", intro["Name"]);
        Assert.Equal("GridIntroduction", intro["Role"]);
        // The CT and the billing point as the meter sheet writes them, so the list reads back as the same meters.
        Assert.Equal("400/5", intro["CtRatio"]);
        Assert.Equal(("", "Logement 1.1"), ((string)intro["BillingPoint"], (string)rows[1]["BillingPoint"]));
        Assert.Equal("Converter 1", intro["Bus"]);
        Assert.Equal("2", intro["UnitId"]);
        Assert.Equal("21000002", intro["Serial"]);
        Assert.Equal("Ok", intro["Status"]);
        Assert.Equal("2026-11-21T22:00:05Z", intro["FirstMeasuredUtc"]);
        Assert.Equal("1234.5", intro["FirstImportKwh"]);
        Assert.Equal("231.2", intro["FirstVoltageL1"]);
        Assert.Equal("1235.125", intro["LatestImportKwh"]);
        Assert.Equal("-12.5", intro["LatestPowerW"]);
        Assert.Equal(("", "NotAnswering"), ((string)rows[2]["FirstImportKwh"], (string)rows[2]["Status"]));
    }

    [Fact]
    public void Csv_quotes_cells_holding_separators_and_quotes()
    {
        var csv = Report("en-CH").Csv(Input());

        Assert.Contains("\"Introduction, main \"\"A\"\"\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_shows_site_gateway_meters_first_readings_and_the_verdict_in_the_site_time_zone()
    {
        var text = await PdfTextAsync(Build("en-CH", Input()));

        Assert.Contains("Commissioning report – Résidence Les Tilleuls", text, StringComparison.Ordinal);
        Assert.Contains("Rue du Lac 12, 1800 Vevey", text, StringComparison.Ordinal);
        Assert.Contains("Installer: Luc Favre", text, StringComparison.Ordinal);
        Assert.Contains("22.11.2026", text, StringComparison.Ordinal);
        Assert.Contains("Gateway gw-tilleuls, serial GW-2026-0042", text, StringComparison.Ordinal);
        Assert.Contains("Configuration version 3 acknowledged", text, StringComparison.Ordinal);
        Assert.Contains("Appartement 1.1", text, StringComparison.Ordinal);
        Assert.Contains("21000002", text, StringComparison.Ordinal);
        Assert.Contains("400/5", text, StringComparison.Ordinal);
        Assert.Contains("1’234.5", text, StringComparison.Ordinal);
        Assert.Contains("231 / 230 / 232", text, StringComparison.Ordinal);
        Assert.Contains("1 of 3 meters need attention", text, StringComparison.Ordinal);
        Assert.Contains("No reading from this meter yet", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_in_French_says_the_site_can_be_commissioned_when_every_meter_is_ok()
    {
        var allOk = Input(
            new MeterInspection("intro", InspectionStatus.Ok, "Inspection.Ok"),
            new MeterInspection("apt-11", InspectionStatus.Ok, "Inspection.Ok"),
            new MeterInspection("apt-12", InspectionStatus.Ok, "Inspection.SinglePhase"));

        var text = await PdfTextAsync(Build("fr-CH", allOk));

        Assert.Contains("Rapport de mise en service – Résidence Les Tilleuls", text, StringComparison.Ordinal);
        Assert.Contains("le site peut être mis en service", text, StringComparison.Ordinal);
        Assert.Contains("Convertisseur RS-485-Ethernet", text, StringComparison.Ordinal);
        Assert.Contains("192.168.1.50:502", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meter_without_an_inspection_result_counts_as_not_answering_in_the_verdict()
    {
        var input = Input() with { Inspections = [new MeterInspection("intro", InspectionStatus.Ok, "Inspection.Ok")] };

        var document = Report("en-CH").Build(input);

        Assert.Contains(document.Blocks.OfType<Paragraph>(), p => p.Text == "2 of 3 meters need attention: the site cannot be commissioned yet.");
    }

    [Theory]
    [InlineData("en-CH")]
    [InlineData("fr-CH")]
    [InlineData("de-CH")]
    public void Pdf_names_each_site_type_as_the_pages_do(string culture)
    {
        var pages = In<Portal.Localization.SharedResource>(culture);
        foreach (var type in Enum.GetValues<SiteType>())
        {
            var input = Input() with { Site = Input().Site with { Type = type } };

            var document = Build(culture, input);

            var pageName = pages["SiteType." + type].Value;
            Assert.Contains(document.Blocks.OfType<Paragraph>(), p => p.Text.EndsWith(pageName, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("en-CH", "Not commissioned yet", "Commissioned by")]
    [InlineData("fr-CH", "Pas encore mis en service", "Mise en service par")]
    [InlineData("de-CH", "Noch nicht in Betrieb genommen", "Inbetriebnahme durch")]
    public void Footer_of_a_site_not_yet_commissioned_says_so(string culture, string notYet, string claimed)
    {
        var document = Build(culture, Input());

        Assert.NotNull(document.Footer);
        Assert.StartsWith(notYet, document.Footer, StringComparison.Ordinal);
        Assert.DoesNotContain(claimed, document.Footer, StringComparison.Ordinal);
        Assert.Contains("Luc Favre", document.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Footer_of_a_commissioned_site_gives_the_commissioning_date_in_the_site_zone_and_page_x_of_y()
    {
        var input = Input() with { Site = Input().Site with { CommissionedAt = new DateTimeOffset(2026, 11, 20, 23, 15, 0, TimeSpan.Zero) } };

        var document = Build("en-CH", input);
        var text = await PdfTextAsync(document);

        Assert.StartsWith("Commissioned on 21.11.2026 00:15", document.Footer, StringComparison.Ordinal);
        Assert.Contains("Page 1 of ", text, StringComparison.Ordinal);
    }

    /// <summary>Builds the report as a page would: under the user's culture, which numbers and dates follow.</summary>
    private static PrintedDocument Build(string culture, ReportInput input)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return Report(culture).Build(input);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    private static async Task<string> PdfTextAsync(PrintedDocument document)
    {
        var text = await PdfText.ExtractAsync(new PdfSharpRenderer().Render(document));

        // Long titles and paragraphs wrap; compare phrases, not line breaks.
        return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
    }
}
