using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Localization;

namespace Portal.Commissioning;

/// <summary>The rows read from a pasted or uploaded sheet, and what made a line unreadable.</summary>
public sealed record MeterSheetParse(IReadOnlyList<MeterRow> Rows, IReadOnlyList<CellError> Problems);

/// <summary>
/// Reads meters pasted from a spreadsheet (tab-separated) or uploaded as CSV (',' or ';',
/// quoted fields, with or without a UTF-8 byte-order mark). Cells are only trimmed here: whether
/// they make sense is <see cref="MeterSheetValidator"/>'s job, so the preview can show every
/// row as typed with its errors next to it.
/// </summary>
public static class MeterSheet
{
    /// <summary>Parses with messages in the current UI culture.</summary>
    public static MeterSheetParse Parse(string text) => Parse(text, CommissioningResource.DefaultLocalizer);

    /// <summary>
    /// A first line whose cells are all known column names (English, French or German) is a
    /// header and columns may come in any order; otherwise the columns are name, model, CT ratio,
    /// serial, bus, unit id, role, billing point. Blank lines are skipped, line numbers count
    /// every physical line of the input from 1. Extra columns that are empty on a line are
    /// ignored (spreadsheets often carry an empty formatted column); missing ones are an error.
    /// </summary>
    public static MeterSheetParse Parse(string text, IStringLocalizer<CommissioningResource> localizer)
    {
        text = text.TrimStart('\uFEFF');
        var rows = new List<MeterRow>();
        var problems = new List<CellError>();
        var records = Records(text);
        if (records.Count == 0)
        {
            return new MeterSheetParse(rows, problems);
        }

        var first = records[0];
        var header = TryHeader(first.Fields);
        int[] positions;
        int expected;
        IEnumerable<(int Line, string[] Fields)> data;
        if (header is null)
        {
            positions = Enumerable.Range(0, MeterColumn.InOrder.Count).ToArray();
            expected = MeterColumn.InOrder.Count;
            data = records;
        }
        else
        {
            positions = ReadHeader(first.Line, first.Fields, header, problems, localizer);
            expected = first.Fields.Length;
            data = records.Skip(1);
        }

        var columnList = header is null ? string.Join(", ", MeterColumn.InOrder.Select(c => localizer.Text("Column." + c))) : string.Join(", ", first.Fields);
        foreach (var (line, fields) in data)
        {
            var count = CountWithoutEmptyTail(fields, expected);
            if (count != expected)
            {
                problems.Add(new CellError(line, "", localizer.Text("Sheet.ColumnCount", count, expected, columnList)));
                continue;
            }

            string Cell(int column) => positions[column] < 0 ? "" : fields[positions[column]];
            rows.Add(new MeterRow(line, Cell(0), Cell(1), Cell(2), Cell(3), Cell(4), Cell(5), Cell(6), Cell(7)));
        }

        return new MeterSheetParse(rows, problems);
    }

    /// <summary>Every non-blank record with the input line it starts on.</summary>
    private static List<(int Line, string[] Fields)> Records(string text)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter(text),
            HasHeaderRecord = false,
            // A stray quote inside a cell (12" cabinet) is kept as typed rather than failing the sheet.
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            Mode = CsvMode.RFC4180,
        };
        var records = new List<(int, string[])>();
        using var parser = new CsvParser(new StringReader(text), configuration);
        while (parser.Read())
        {
            var fields = parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                // Spreadsheets export blank rows as a run of separators.
                continue;
            }

            // RawRow is the line a record ends on; a quoted cell may span lines.
            records.Add((parser.RawRow - LineBreaksWithin(parser.RawRecord), fields));
        }

        return records;
    }

    private static int LineBreaksWithin(string rawRecord)
    {
        var body = rawRecord.TrimEnd('\r', '\n');
        return body.Count(c => c == '\n');
    }

    /// <summary>Tab if the first line has one (a spreadsheet paste), else whichever of ';' and ',' it has more of outside quotes.</summary>
    private static string Delimiter(string text)
    {
        var firstLine = text.Split('\n').FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
        int tabs = 0, semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in firstLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                tabs += c == '\t' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
            }
        }

        return tabs > 0 ? "\t" : semicolons > commas ? ";" : ",";
    }

    /// <summary>
    /// The column each cell names, if the line is a header: at least three known names (a data
    /// row never has that many), or every non-empty cell known and at least two of them.
    /// </summary>
    private static string?[]? TryHeader(string[] fields)
    {
        var columns = fields.Select(f => string.IsNullOrWhiteSpace(f) ? null : InstallerWords.Column(f)).ToArray();
        var named = fields.Count(f => !string.IsNullOrWhiteSpace(f));
        var known = columns.Count(c => c is not null);
        return known >= 3 || (known >= 2 && known == named) ? columns : null;
    }

    /// <summary>Where each column of <see cref="MeterColumn.InOrder"/> sits in the sheet (-1: absent).</summary>
    private static int[] ReadHeader(int line, string[] fields, string?[] header, List<CellError> problems, IStringLocalizer localizer)
    {
        var positions = Enumerable.Repeat(-1, MeterColumn.InOrder.Count).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] is not { } column)
            {
                if (!string.IsNullOrWhiteSpace(fields[i]))
                {
                    // An installer's own column (notes, floor) is left out, not a reason to refuse the sheet.
                    problems.Add(new CellError(line, "", localizer.Text("Sheet.HeaderUnknown", fields[i]), IsWarning: true));
                }

                continue;
            }

            var index = IndexOf(column);
            if (positions[index] >= 0)
            {
                problems.Add(new CellError(line, column, localizer.Text("Sheet.HeaderDuplicate", fields[positions[index]], fields[i])));
                continue;
            }

            positions[index] = i;
        }

        // Serial and billing point may be left out; without the others no row can pass.
        string[] optional = [MeterColumn.Serial, MeterColumn.BillingPoint, MeterColumn.CtRatio];
        foreach (var column in MeterColumn.InOrder.Where(c => positions[IndexOf(c)] < 0 && !optional.Contains(c)))
        {
            problems.Add(new CellError(line, column, localizer.Text("Sheet.HeaderMissing", localizer.Text("Column." + column))));
        }

        return positions;
    }

    private static int IndexOf(string column) => MeterColumn.InOrder.ToList().IndexOf(column);

    private static int CountWithoutEmptyTail(string[] fields, int expected)
    {
        var count = fields.Length;
        while (count > expected && string.IsNullOrWhiteSpace(fields[count - 1]))
        {
            count--;
        }

        return count;
    }
}
