using System.Text;
using Portal.Commissioning;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

public sealed class MeterSheetParseTests
{
    [Fact]
    public void Tab_paste_from_a_spreadsheet_with_a_French_header_maps_columns_in_any_order()
    {
        var text =
            "Rôle\tNom\tModèle\tRapport TC\tNuméro de série\tBus\tAdresse\tPoint de facturation\n" +
            "consommateur\tAppartement 1.1\tSDM630\t\t21000001\tConvertisseur 1\t1\tAppartement 1.1\n" +
            "introduction\tIntroduction\tSDM630MCT\t400/5\t21000002\tConvertisseur 1\t2\t\n";

        var parse = MeterSheet.Parse(text, French);

        Assert.Empty(parse.Problems);
        Assert.Collection(parse.Rows,
            row => Assert.Equal(new MeterRow(2, "Appartement 1.1", "SDM630", "", "21000001", "Convertisseur 1", "1", "consommateur", "Appartement 1.1"), row),
            row => Assert.Equal(new MeterRow(3, "Introduction", "SDM630MCT", "400/5", "21000002", "Convertisseur 1", "2", "introduction", ""), row));
    }

    [Fact]
    public void German_header_is_recognised_whatever_the_case_and_umlauts()
    {
        var text = "Name;Modell;Wandlerverhältnis;Seriennummer;Bus;Adresse;Rolle;Abrechnungspunkt\r\nWohnung 3;SDM630;;;Bus 1;7;Verbraucher;Wohnung 3\r\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Empty(parse.Problems);
        var row = Assert.Single(parse.Rows);
        Assert.Equal(("Wohnung 3", "7", "Verbraucher", 2), (row.Name, row.UnitId, row.Role, row.Line));
    }

    [Fact]
    public void Csv_with_semicolons_and_quoted_fields_keeps_separators_and_quotes_inside_cells()
    {
        var text =
            "name;model;CT ratio;serial;bus;unit id;role;billing point\n" +
            "\"Shop; ground floor\";SDM630;;;Converter 1;4;consumer;\"The \"\"Corner\"\" shop\"\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Empty(parse.Problems);
        var row = Assert.Single(parse.Rows);
        Assert.Equal("Shop; ground floor", row.Name);
        Assert.Equal("The \"Corner\" shop", row.BillingPoint);
    }

    [Fact]
    public void Utf8_byte_order_mark_does_not_spoil_the_first_header_cell()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name,model,CT ratio,serial,bus,unit id,role,billing point\nA,SDM630,,,Converter 1,1,PV,\n")).ToArray();
        // What a browser upload hands over when the file is decoded without stripping the mark.
        var text = new string(Encoding.UTF8.GetChars(bytes));
        Assert.Equal('\uFEFF', text[0]);

        var parse = MeterSheet.Parse(text, English);

        Assert.Empty(parse.Problems);
        Assert.Equal("A", Assert.Single(parse.Rows).Name);
    }

    [Fact]
    public void Without_a_header_columns_follow_the_documented_order()
    {
        var parse = MeterSheet.Parse("Apartment 2,SDM630MCT,200/5,123,Converter 2,9,consumer,Apt 2", English);

        Assert.Empty(parse.Problems);
        Assert.Equal(new MeterRow(1, "Apartment 2", "SDM630MCT", "200/5", "123", "Converter 2", "9", "consumer", "Apt 2"), Assert.Single(parse.Rows));
    }

    [Fact]
    public void Empty_lines_are_skipped_and_line_numbers_count_every_line_of_the_input()
    {
        var text = "\nA,SDM630,,,Converter 1,1,consumer,A\n\n   \n,,,,,,,\nB,SDM630,,,Converter 1,2,consumer,B\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Empty(parse.Problems);
        Assert.Equal([2, 6], parse.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_cell_spanning_two_lines_keeps_the_following_line_numbers_right()
    {
        var text = "\"Shop\nground floor\",SDM630,,,Converter 1,1,consumer,Shop\nB,SDM630,,,Converter 1,2,consumer,B\nC,SDM630\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Equal([1, 3], parse.Rows.Select(r => r.Line));
        Assert.Equal(4, Assert.Single(parse.Problems).Line);
    }

    [Fact]
    public void Too_few_or_too_many_columns_is_an_error_on_the_whole_row_and_the_row_is_left_out()
    {
        var text = "A,SDM630,,,Converter 1,1,consumer\nB,SDM630,,,Converter 1,2,consumer,B,surprise\nC,SDM630,,,Converter 1,3,consumer,C\n";

        var parse = MeterSheet.Parse(text, English);

        Assert.Equal(["C"], parse.Rows.Select(r => r.Name));
        Assert.Collection(parse.Problems,
            p => Assert.Equal((1, "", false), (p.Line, p.Column, p.IsWarning)),
            p => Assert.Equal((2, "", false), (p.Line, p.Column, p.IsWarning)));
        Assert.Contains("7 columns where 8 are expected", parse.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("9 columns where 8 are expected", parse.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_empty_cells_from_a_spreadsheet_are_not_extra_columns()
    {
        var parse = MeterSheet.Parse("A\tSDM630\t\t\tConverter 1\t1\tconsumer\tA\t\t\n", English);

        Assert.Empty(parse.Problems);
        Assert.Single(parse.Rows);
    }

    [Fact]
    public void A_header_without_a_required_column_says_which_one_is_missing()
    {
        var parse = MeterSheet.Parse("name,model,bus,role\nA,SDM630,Converter 1,consumer\n", English);

        var problem = Assert.Single(parse.Problems);
        Assert.Equal((1, MeterColumn.UnitId), (problem.Line, problem.Column));
        Assert.Contains("no unit id column", problem.Message, StringComparison.Ordinal);
        Assert.Equal("", Assert.Single(parse.Rows).UnitId);
    }

    [Fact]
    public void A_header_naming_a_column_twice_is_an_error_naming_both()
    {
        var parse = MeterSheet.Parse("name,nom,model,bus,unit id,role\nA,B,SDM630,Converter 1,1,consumer\n", English);

        var problem = Assert.Single(parse.Problems);
        Assert.Contains("\"name\" and \"nom\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_a_column_of_the_installers_own_is_read_and_that_column_left_out_with_a_warning()
    {
        var parse = MeterSheet.Parse("name,floor,model,bus,unit id,role\nA,2nd,SDM630,Converter 1,1,consumer\n", English);

        var warning = Assert.Single(parse.Problems);
        Assert.True(warning.IsWarning);
        Assert.StartsWith("The column \"floor\" is not a meter column", warning.Message, StringComparison.Ordinal);
        var row = Assert.Single(parse.Rows);
        Assert.Equal(("A", "SDM630", "Converter 1", "1", "consumer"), (row.Name, row.Model, row.Bus, row.UnitId, row.Role));
    }

    [Fact]
    public void Empty_input_gives_no_rows_and_no_problems()
    {
        var parse = MeterSheet.Parse("\uFEFF\n\n", English);

        Assert.Empty(parse.Rows);
        Assert.Empty(parse.Problems);
    }

    [Fact]
    public void Messages_follow_the_localizer_language()
    {
        var parse = MeterSheet.Parse("A,SDM630\n", French);

        Assert.StartsWith("Cette ligne a 2 colonnes", Assert.Single(parse.Problems).Message, StringComparison.Ordinal);
    }
}
