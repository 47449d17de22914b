using System.Globalization;
using System.Text;
using Portal.Commissioning;
using Portal.Sites;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

/// <summary>Meter sheets as files: what is not text, broken quotes, header words, and the sheet the portal writes read back.</summary>
public sealed class MeterSheetFileTests
{
    private const string Header = "name,model,CT ratio,serial,bus,unit id,role,billing point\n";

    public static TheoryData<string> Languages() => ["en-CH", "fr-CH", "de-CH"];

    [Fact]
    public void A_spreadsheet_uploaded_as_is_is_refused_with_one_message_on_the_line_where_it_stops_being_text()
    {
        // The start of an .xlsx file: a zip archive, binary from its first line on.
        byte[] xlsx = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, .. Encoding.ASCII.GetBytes("[Content_Types].xml"), 0x0A, 0xAD, 0x52, 0xC1, 0x6E, 0x00, 0x00];

        var parse = MeterSheet.Parse(MeterSheet.Decode(xlsx), English);

        Assert.False(parse.IsText);
        Assert.Empty(parse.Rows);
        var problem = Assert.Single(parse.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Equal(English["Sheet.NotText", 1].Value, problem.Message);
    }

    [Fact]
    public void A_pdf_is_refused_at_the_first_line_holding_binary_content()
    {
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Length 6 >>\nstream\n\u0000\u0001\u0002x\u009c\nendstream\n");

        var parse = MeterSheet.Parse(MeterSheet.Decode(pdf), French);

        Assert.False(parse.IsText);
        Assert.Equal(6, Assert.Single(parse.Problems).Line);
    }

    [Fact]
    public void A_Latin_1_file_keeps_its_accents()
    {
        var latin1 = Encoding.Latin1.GetBytes("nom;modèle;rapport TC;numéro de série;bus;adresse;rôle;point de facturation\r\nAppartement Zoé;SDM630;;;Converter 1;3;consommateur;Zoé\r\n");

        var parse = MeterSheet.Parse(MeterSheet.Decode(latin1), French);

        Assert.True(parse.IsText);
        Assert.Empty(parse.Problems);
        Assert.Equal(("Appartement Zoé", "Zoé"), (Assert.Single(parse.Rows).Name, parse.Rows[0].BillingPoint));
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_and_utf16_files_are_read_as_text()
    {
        var text = Header + "Wohnung Müller,SDM630,,,Converter 1,3,consumer,Müller\n";

        Assert.Equal("Wohnung Müller", Assert.Single(MeterSheet.Parse(MeterSheet.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]), English).Rows).Name);
        Assert.Equal("Wohnung Müller", Assert.Single(MeterSheet.Parse(MeterSheet.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]), English).Rows).Name);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens_and_the_lines_after_it_are_still_read()
    {
        var text = Header +
            "Apartment 1,SDM630,,,Converter 1,1,consumer,Apartment 1\n" +
            "\"Apartment 2,SDM630,,,Converter 1,2,consumer,Apartment 2\n" +
            "Apartment 3,SDM630,,,Converter 1,3,consumer,Apartment 3\n" +
            "Cabinet 12\" wide,SDM630,,,Converter 1,4,other,\n";

        var parse = MeterSheet.Parse(text, English);

        var problem = Assert.Single(parse.Problems);
        Assert.Equal((3, English["Sheet.UnclosedQuote", 3].Value), (problem.Line, problem.Message));
        Assert.Equal([2, 4, 5], parse.Rows.Select(r => r.Line));
        Assert.Equal("Cabinet 12\" wide", parse.Rows[^1].Name);
    }

    [Fact]
    public void An_unclosed_quote_in_a_later_cell_is_reported_on_its_line_too()
    {
        var text = Header +
            "Apartment 1,SDM630,,,Converter 1,1,consumer,\"Apartment 1\n" +
            "Apartment 2,SDM630,,,Converter 1,2,consumer,Apartment 2\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Equal(2, Assert.Single(parse.Problems).Line);
        Assert.Equal(3, Assert.Single(parse.Rows).Line);
    }

    [Theory]
    [InlineData("name,model,CT,serial,bus,unit,role,billing")]
    [InlineData("nom;modèle;TC;série;bus;adresse;rôle;facturation")]
    [InlineData("Name;Modell;Wandler;Seriennummer;Bus;Adresse;Rolle;Abrechnung")]
    public void The_billing_point_column_is_recognised_by_its_short_name_in_each_language(string header)
    {
        var delimiter = header.Contains(';', StringComparison.Ordinal) ? ";" : ",";
        var text = header + "\n" + string.Join(delimiter, "Apartment 1", "SDM630", "", "", "Converter 1", "1", "consumer", "Flat 1") + "\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Empty(parse.Problems);
        Assert.Equal("Flat 1", Assert.Single(parse.Rows).BillingPoint);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_sheet_the_portal_writes_reads_back_to_the_same_meters_in_each_language(string culture)
    {
        MeterRow[] rows =
        [
            Row(2, name: "Introduction réseau", model: "SDM630MCT", ctRatio: "100/5", serial: "21000001", unitId: "1", role: nameof(MeterRole.GridIntroduction), billingPoint: ""),
            Row(3, name: "Appartement 1.5 \"Zoé\"", serial: "21000002", unitId: "2", role: nameof(MeterRole.Consumer), billingPoint: "Appartement 1.5; étage 1"),
            Row(4, name: "Wohnung 2,5 Zi.; Müller", serial: "", unitId: "3", role: nameof(MeterRole.CommonArea), billingPoint: "Allgemein, Treppenhaus"),
            Row(5, name: "PV toit", model: "SDM630MCT", ctRatio: "2000/5", unitId: "4", bus: "Gateway RS-485", role: nameof(MeterRole.PvProduction), billingPoint: ""),
            Row(6, name: "Batterie", unitId: "5", role: nameof(MeterRole.Battery), billingPoint: ""),
            Row(7, name: "Pompe à chaleur", unitId: "6", role: nameof(MeterRole.HeatPump), billingPoint: "Chaufferie"),
            Row(8, name: "Borne 1", unitId: "7", role: nameof(MeterRole.EvCharging), billingPoint: "Garage"),
            Row(9, name: "Ascenseur", unitId: "8", role: nameof(MeterRole.Other), billingPoint: ""),
        ];
        var text = In(culture);
        var before = new MeterSheetValidator(English).Check(rows, Site());
        Assert.False(before.HasErrors);

        var sheet = MeterSheet.Write(rows, text, new CultureInfo(culture));
        var parse = MeterSheet.Parse(sheet, text);
        var after = new MeterSheetValidator(English).Check(parse.Rows, Site());

        Assert.Empty(parse.Problems);
        Assert.StartsWith(text["Column.Name"].Value, sheet, StringComparison.Ordinal);
        Assert.Equal(before.Valid, after.Valid);
    }

    [Fact]
    public void The_sheet_uses_semicolons_where_the_decimal_separator_is_a_comma_and_quotes_cells_that_hold_one()
    {
        MeterRow[] rows = [Row(2, name: "Bureau; étage 2", billingPoint: "Bureau, étage 2")];

        var french = MeterSheet.Write(rows, French, new CultureInfo("fr-FR"));
        var english = MeterSheet.Write(rows, English, new CultureInfo("en-GB"));

        Assert.Contains("\"Bureau; étage 2\";", french, StringComparison.Ordinal);
        Assert.Contains(";Bureau, étage 2", french, StringComparison.Ordinal);
        Assert.Contains("Bureau; étage 2,", english, StringComparison.Ordinal);
        Assert.Contains(",\"Bureau, étage 2\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_ct_meter_is_written_with_its_secondary_so_it_reads_back_as_a_ct_ratio()
    {
        Assert.Equal("100/5", MeterSheetValidator.CtRatioText(100));
        Assert.Equal(100, MeterSheetValidator.CtPrimary(MeterSheetValidator.CtRatioText(100)));
    }
}
