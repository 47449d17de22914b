using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Portal.Documents;

/// <summary>
/// Lays out a <see cref="PrintedDocument"/> on A4 pages with PDFsharp 6.5 (MigraDoc does not
/// restore here, STACK.md), in DejaVu Sans so accents and symbols print on any Debian machine.
/// </summary>
public sealed class PdfSharpRenderer : IPdfRenderer
{
    private const double Margin = 50;
    private const double LineGap = 4;
    private static readonly Lock Setup = new();
    private static bool _ready;

    private readonly XFont _title;
    private readonly XFont _heading;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;

    public PdfSharpRenderer()
    {
        EnsureLibraryReady();
        _title = new XFont(DejaVuFonts.Family, 18, XFontStyleEx.Bold);
        _heading = new XFont(DejaVuFonts.Family, 13, XFontStyleEx.Bold);
        _body = new XFont(DejaVuFonts.Family, 10, XFontStyleEx.Regular);
        _bold = new XFont(DejaVuFonts.Family, 10, XFontStyleEx.Bold);
        _small = new XFont(DejaVuFonts.Family, 8, XFontStyleEx.Regular);
    }

    public byte[] Render(PrintedDocument document)
    {
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        var cursor = new PageCursor(pdf, document.Footer, _small);
        cursor.Write(document.Title, _title, XBrushes.Black);
        cursor.Space(10);
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading heading:
                    cursor.Space(8);
                    cursor.Write(heading.Text, _heading, XBrushes.Black);
                    break;
                case Paragraph paragraph:
                    cursor.Write(paragraph.Text, _body, XBrushes.Black);
                    break;
                case Table table:
                    DrawTable(cursor, table);
                    break;
                default:
                    throw new NotSupportedException($"No layout for {block.GetType().Name}.");
            }

            cursor.Space(6);
        }

        cursor.Finish();
        using var stream = new MemoryStream();
        pdf.Save(stream);
        return stream.ToArray();
    }

    private void DrawTable(PageCursor cursor, Table table)
    {
        var widths = ColumnWidths(table, PageCursor.Width);
        cursor.Row(table.Headers, widths, table.RightAligned, _bold, header: true);
        foreach (var row in table.Rows)
        {
            if (cursor.Row(row, widths, table.RightAligned, _body, header: false))
            {
                // A new page began: repeat the header so every page reads on its own.
                cursor.Row(table.Headers, widths, table.RightAligned, _bold, header: true);
                cursor.Row(row, widths, table.RightAligned, _body, header: false);
            }
        }
    }

    private static double[] ColumnWidths(Table table, double total)
    {
        var weights = table.Widths ?? Enumerable.Repeat(1.0, table.Headers.Count).ToList();
        var sum = weights.Sum();
        return weights.Select(w => total * w / sum).ToArray();
    }

    private static void EnsureLibraryReady()
    {
        lock (Setup)
        {
            if (_ready)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new DejaVuFonts();
            _ready = true;
        }
    }

    /// <summary>Tracks the writing position and starts new pages as needed.</summary>
    private sealed class PageCursor(PdfDocument pdf, string? footer, XFont footerFont)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        public static double Width => XUnit.FromMillimeter(210).Point - (2 * Margin);

        private static double Bottom => XUnit.FromMillimeter(297).Point - Margin - 20;

        public void Write(string text, XFont font, XBrush brush)
        {
            var graphics = Graphics();
            var lines = Wrap(graphics, text, font, Width);
            foreach (var line in lines)
            {
                var height = font.GetHeight() + LineGap;
                if (_y + height > Bottom)
                {
                    NewPage();
                }

                _graphics!.DrawString(line, font, brush, new XRect(Margin, _y, Width, height), XStringFormats.TopLeft);
                _y += height;
            }
        }

        public void Space(double points) => _y += points;

        /// <summary>Draws one table row; returns true, without drawing, when it first had to start a new page.</summary>
        public bool Row(IReadOnlyList<string> cells, double[] widths, IReadOnlyList<bool>? rightAligned, XFont font, bool header)
        {
            var graphics = Graphics();
            var wrapped = cells.Select((cell, i) => Wrap(graphics, cell, font, widths[i] - 6)).ToList();
            var height = (wrapped.Max(w => w.Count) * (font.GetHeight() + 1)) + 6;
            if (_y + height > Bottom && !header)
            {
                NewPage();
                return true;
            }

            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var formatter = new XTextFormatter(_graphics!) { Alignment = rightAligned?.ElementAtOrDefault(i) == true ? XParagraphAlignment.Right : XParagraphAlignment.Left };
                formatter.DrawString(string.Join('\n', wrapped[i]), font, XBrushes.Black, new XRect(x + 3, _y + 3, widths[i] - 6, height - 6), XStringFormats.TopLeft);
                x += widths[i];
            }

            _graphics!.DrawLine(header ? XPens.Black : XPens.LightGray, Margin, _y + height, Margin + Width, _y + height);
            _y += height;
            return false;
        }

        public void Finish()
        {
            Graphics();
            DrawFooter();
            _graphics?.Dispose();
        }

        private XGraphics Graphics()
        {
            if (_graphics is null)
            {
                NewPage();
            }

            return _graphics!;
        }

        private void NewPage()
        {
            if (_graphics is not null)
            {
                DrawFooter();
                _graphics.Dispose();
            }

            _page = pdf.AddPage();
            _page.Size = PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        private void DrawFooter()
        {
            var text = $"{footer}{(footer is null ? "" : " · ")}{pdf.PageCount}";
            _graphics!.DrawString(text, footerFont, XBrushes.Gray, new XRect(Margin, Bottom + 10, Width, 12), XStringFormats.TopRight);
        }

        private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && graphics.MeasureString(candidate, font).Width > width)
                    {
                        lines.Add(line);
                        line = word;
                    }
                    else
                    {
                        line = candidate;
                    }
                }

                lines.Add(line);
            }

            return lines;
        }
    }
}
