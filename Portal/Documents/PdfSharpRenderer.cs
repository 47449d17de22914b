using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Portal.Documents;

/// <summary>
/// Draws a <see cref="PrintedDocument"/> with PDFsharp 6.2.4 (MIT; MigraDoc is not served,
/// STACK.md) in DejaVu Sans, so accents and symbols print on any Debian machine. Where things go
/// is decided by <see cref="DocumentLayout"/>; this class only measures and draws.
/// </summary>
public sealed class PdfSharpRenderer : IPdfRenderer
{
    private static readonly Lock Setup = new();
    private static bool _ready;

    private readonly Fonts _fonts;

    public PdfSharpRenderer()
    {
        EnsureLibraryReady();
        _fonts = new Fonts();
    }

    public byte[] Render(PrintedDocument document)
    {
        var setup = document.Page ?? PageSetup.A4;
        var pages = DocumentLayout.Lay(document, _fonts);
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        foreach (var laidOut in pages)
        {
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(setup.Width);
            page.Height = XUnit.FromPoint(setup.Height);
            using var graphics = XGraphics.FromPdfPage(page);
            foreach (var text in laidOut.Texts)
            {
                var font = _fonts.Font(text.Style);
                graphics.DrawString(text.Text, font, Fonts.Brush(text.Style), text.X, text.Top + _fonts.Ascent(text.Style));
            }

            foreach (var rule in laidOut.Rules)
            {
                graphics.DrawLine(rule.Strong ? XPens.Black : XPens.LightGray, rule.X1, rule.Y, rule.X2, rule.Y);
            }
        }

        using var stream = new MemoryStream();
        pdf.Save(stream);
        return stream.ToArray();
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

    /// <summary>The font of each text style, measured the way PDFsharp draws it.</summary>
    private sealed class Fonts : ITextMeasure
    {
        private readonly Dictionary<TextStyle, XFont> _fonts = new()
        {
            [TextStyle.Title] = new XFont(DejaVuFonts.Family, 16, XFontStyleEx.Bold),
            [TextStyle.Heading] = new XFont(DejaVuFonts.Family, 12, XFontStyleEx.Bold),
            [TextStyle.Body] = new XFont(DejaVuFonts.Family, 10, XFontStyleEx.Regular),
            [TextStyle.Label] = new XFont(DejaVuFonts.Family, 10, XFontStyleEx.Bold),
            [TextStyle.TableHeader] = new XFont(DejaVuFonts.Family, 8.5, XFontStyleEx.Bold),
            [TextStyle.TableCell] = new XFont(DejaVuFonts.Family, 8.5, XFontStyleEx.Regular),
            [TextStyle.TableTotal] = new XFont(DejaVuFonts.Family, 8.5, XFontStyleEx.Bold),
            [TextStyle.PageFurniture] = new XFont(DejaVuFonts.Family, 8, XFontStyleEx.Regular),
        };

        private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);

        public XFont Font(TextStyle style) => _fonts[style];

        public static XSolidBrush Brush(TextStyle style) => style == TextStyle.PageFurniture ? XBrushes.DimGray : XBrushes.Black;

        public double Ascent(TextStyle style)
        {
            var font = _fonts[style];
            return font.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
        }

        public double Width(string text, TextStyle style)
        {
            lock (_measure)
            {
                return _measure.MeasureString(text, _fonts[style]).Width;
            }
        }

        // A little more than ascent + descent: boxes of consecutive lines never touch.
        public double LineHeight(TextStyle style) => _fonts[style].GetHeight() + (_fonts[style].Size * 0.15);
    }
}
