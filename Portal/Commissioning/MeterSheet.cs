using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Localization;

namespace Portal.Commissioning;

/// <summary>The rows read from a pasted or uploaded sheet, and what made a line unreadable.</summary>
/// <param name="IsText">False when the input is not text at all (a spreadsheet or PDF uploaded as is): one problem says so.</param>
public sealed record MeterSheetParse(IReadOnlyList<MeterRow> Rows, IReadOnlyList<CellError> Problems, bool IsText = true);

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
        if (BinaryLine(text) is { } binary)
        {
            // One message, not one per garbled "row": nothing in such a file is a meter.
            return new MeterSheetParse(rows, [new CellError(binary, "", localizer.Text("Sheet.NotText", binary))], IsText: false);
        }

        var records = Records(text, problems, localizer);
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

    /// <summary>
    /// The text of an uploaded file: UTF-8 or UTF-16 with a byte-order mark, UTF-8 without one, or
    /// else Latin-1 (what older spreadsheets save as "CSV"), so accents survive either way.
    /// </summary>
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0xEF, 0xBB, 0xBF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>
    /// The meters as a sheet this parser reads back to the same rows: a header in the language of
    /// <paramref name="localizer"/>, roles in its words, ';' between cells where the decimal separator
    /// of <paramref name="culture"/> is a comma (as spreadsheets there expect), ',' elsewhere; cells
    /// holding the separator, quotes or line breaks are quoted.
    /// </summary>
    public static string Write(IReadOnlyList<MeterRow> rows, IStringLocalizer<CommissioningResource> localizer, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(culture);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = culture.NumberFormat.NumberDecimalSeparator == "," ? ";" : ",",
            NewLine = "\r\n",
        };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, configuration))
        {
            foreach (var column in MeterColumn.InOrder)
            {
                csv.WriteField(localizer.Text("Column." + column));
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                var role = InstallerWords.Role(row.Role);
                string[] cells = [row.Name, row.Model, row.CtRatio, row.Serial, row.Bus, row.UnitId, role is null ? row.Role : localizer.Text("Role." + role), row.BillingPoint];
                foreach (var cell in cells)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The line of the first character no text file holds (NUL and the other control characters
    /// but tab and line breaks), or null for text: a spreadsheet, PDF or image uploaded as is.
    /// </summary>
    private static int? BinaryLine(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is (< ' ' and not ('\t' or '\n' or '\r')) or '\u007F' or '\uFFFD')
            {
                return LineAt(text, i);
            }
        }

        return null;
    }

    private static int LineAt(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');

    /// <summary>
    /// Every non-blank record with the input line it starts on. A quote that opens a cell and never
    /// closes would swallow the rest of the input into that cell: its line is reported instead, and
    /// reading goes on from the next line.
    /// </summary>
    private static List<(int Line, string[] Fields)> Records(string text, List<CellError> problems, IStringLocalizer localizer)
    {
        var delimiter = Delimiter(text);
        var records = new List<(int, string[])>();
        var start = 0;
        var firstLine = 1;
        while (start < text.Length)
        {
            var rest = text[start..];
            var unclosed = UnclosedQuote(rest, delimiter[0]);
            if (unclosed is null)
            {
                records.AddRange(Records(rest, delimiter, firstLine));
                break;
            }

            var lineStart = rest.LastIndexOf('\n', unclosed.Value) + 1;
            var lineEnd = rest.IndexOf('\n', unclosed.Value);
            var line = firstLine - 1 + LineAt(rest, unclosed.Value);
            records.AddRange(Records(rest[..lineStart], delimiter, firstLine));
            problems.Add(new CellError(line, "", localizer.Text("Sheet.UnclosedQuote", line)));
            if (lineEnd < 0)
            {
                break;
            }

            start += lineEnd + 1;
            firstLine = line + 1;
        }

        return records;
    }

    /// <summary>
    /// Where a quote opens a cell (first non-blank character of the cell) and is never closed, or only
    /// by a stray quote lines later, or null. Follows the parser's RFC 4180 reading: "" inside a quoted
    /// cell is a quote, a quote inside an unquoted cell (12" cabinet) is just a character.
    /// </summary>
    private static int? UnclosedQuote(string text, char delimiter)
    {
        var quoted = false;
        var cellStart = true;
        var openedAt = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    i++;
                }
                else if (c == '"')
                {
                    // A quote that ends a cell is followed by the separator or the line's end. Any other
                    // quote on a later line is a stray one the cell swallowed lines to reach (12" wide).
                    var next = i + 1;
                    while (next < text.Length && text[next] is (' ' or '\t') && text[next] != delimiter)
                    {
                        next++;
                    }

                    var endsCell = next == text.Length || text[next] == delimiter || text[next] is '\r' or '\n';
                    if (!endsCell && text.AsSpan(openedAt, i - openedAt).Contains('\n'))
                    {
                        return openedAt;
                    }

                    quoted = false;
                }
            }
            else if (c == delimiter || c is '\n' or '\r')
            {
                cellStart = true;
            }
            else if (c == '"' && cellStart)
            {
                quoted = true;
                openedAt = i;
                cellStart = false;
            }
            else if (c is not (' ' or '\t'))
            {
                cellStart = false;
            }
        }

        return quoted ? openedAt : null;
    }

    private static List<(int Line, string[] Fields)> Records(string text, string delimiter, int firstLine)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
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
            records.Add((firstLine - 1 + parser.RawRow - LineBreaksWithin(parser.RawRecord), fields));
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
