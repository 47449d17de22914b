namespace Portal.Documents;

/// <summary>
/// What the portal prints (commissioning reports, invoices), independent of the PDF library:
/// a title, blocks that flow down A4 pages, and what repeats on every page. The words are
/// already in the reader's language; <paramref name="PageNumber"/> is a format with {0} for the
/// page and {1} for the page count ("Page {0} of {1}").
/// </summary>
public sealed record PrintedDocument(
    string Title,
    IReadOnlyList<DocumentBlock> Blocks,
    string? Footer = null,
    string? Header = null,
    string PageNumber = "{0} / {1}",
    PageSetup? Page = null);

/// <summary>One piece of a document's flow. Renderers lay every kind out; an unknown kind is an error, never skipped.</summary>
public abstract record DocumentBlock;

public sealed record Heading(string Text) : DocumentBlock;

public sealed record Paragraph(string Text) : DocumentBlock;

/// <summary>Labelled values, one pair a line (an invoice's number, period and recipient; a site's address and type).</summary>
public sealed record KeyValues(IReadOnlyList<KeyValuePair<string, string>> Pairs) : DocumentBlock;

public enum CellAlignment
{
    Left,
    Right,
}

/// <summary>
/// A table column. Widths are measured from the content; <paramref name="MinMm"/> and
/// <paramref name="MaxMm"/> bound them (a serial column that must never wrap, a comment column
/// that must not take the whole page). Numbers are <see cref="CellAlignment.Right"/>.
/// </summary>
public sealed record TableColumn(string Header, CellAlignment Alignment = CellAlignment.Left, double? MinMm = null, double? MaxMm = null);

/// <summary>
/// A table whose header repeats on every page it runs onto; <paramref name="Totals"/> are
/// printed in bold under a rule after the last row (an invoice's subtotal, VAT and total).
/// </summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<IReadOnlyList<string>>? Totals = null) : DocumentBlock;

/// <summary>The one seam to the PDF library (PDFsharp 6.2.4, MIT, today): swap the implementation to change renderer.</summary>
public interface IPdfRenderer
{
    byte[] Render(PrintedDocument document);
}

/// <summary>
/// A small bar chart drawn as vector bars: one bar a <paramref name="Bars"/> entry (a day, a month), its values
/// stacked in the order of <paramref name="Series"/> (solar, then grid), with a legend and the largest value on the
/// axis in <paramref name="Unit"/>. Shown with <paramref name="Empty"/> when there is nothing to draw.
/// </summary>
public sealed record BarChart(string Caption, IReadOnlyList<string> Series, IReadOnlyList<ChartBar> Bars, string Unit, string Empty) : DocumentBlock;

/// <summary>One bar: its label under the axis and one non-negative value per series of the chart.</summary>
public sealed record ChartBar(string Label, IReadOnlyList<decimal> Values);
