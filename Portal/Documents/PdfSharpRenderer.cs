using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace Portal.Documents;

/// <summary>
/// Draws a <see cref="PrintedDocument"/> with PDFsharp 6.2.4 (MIT; MigraDoc is not served,
/// STACK.md) in DejaVu Sans, so accents and symbols print on any Debian machine; the QR-bill payment
/// part in Liberation Sans (QR-03), its QR code as vector squares (QR-02). Where things go is decided by
/// <see cref="DocumentLayout"/>; this class only measures and draws.
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

            foreach (var cut in laidOut.CutLines)
            {
                graphics.DrawLine(CutLinePen, cut.X1, cut.Y1, cut.X2, cut.Y2);
            }

            foreach (var field in laidOut.BlankFields)
            {
                CornerMarks(graphics, field);
            }

            foreach (var bar in laidOut.Bars)
            {
                graphics.DrawRectangle(SeriesBrushes[bar.Series % SeriesBrushes.Length], bar.X, bar.Y, bar.Width, bar.Height);
            }

            foreach (var code in laidOut.QrCodes)
            {
                QrCode(graphics, code);
            }
        }

        using var stream = new MemoryStream();
        pdf.Save(stream);
        return stream.ToArray();
    }

    // Chart series: solar in a warm yellow, grid in a slate blue, then greys; all readable in black-and-white print.
    private static readonly XSolidBrush[] SeriesBrushes =
    [
        new(XColor.FromArgb(0xF2, 0xB1, 0x1B)),
        new(XColor.FromArgb(0x3B, 0x5B, 0x8C)),
        new(XColor.FromArgb(0x8A, 0x8A, 0x8A)),
    ];

    private static readonly XPen CutLinePen = new(XColors.Black, 0.5);

    // QR-04: blank fields are marked at their corners with 0.75 pt lines, 3 mm long.
    private static readonly XPen CornerPen = new(XColors.Black, 0.75) { LineCap = XLineCap.Square };

    private static void CornerMarks(XGraphics graphics, PlacedBlankField field)
    {
        var arm = 3 * PageSetup.PointsPerMm;
        var (left, top, right, bottom) = (field.X, field.Y, field.X + field.Width, field.Y + field.Height);
        graphics.DrawLines(CornerPen, [new(left, top + arm), new(left, top), new(left + arm, top)]);
        graphics.DrawLines(CornerPen, [new(right - arm, top), new(right, top), new(right, top + arm)]);
        graphics.DrawLines(CornerPen, [new(left, bottom - arm), new(left, bottom), new(left + arm, bottom)]);
        graphics.DrawLines(CornerPen, [new(right - arm, bottom), new(right, bottom), new(right, bottom - arm)]);
    }

    /// <summary>QR-02: error correction M, the modules (no quiet zone) scaled to the placed size, a 7 x 7 mm Swiss cross in the centre.</summary>
    private static void QrCode(XGraphics graphics, PlacedQrCode code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code.Payload, QRCodeGenerator.ECCLevel.M, forceUtf8: true, eciMode: QRCodeGenerator.EciMode.Utf8);
        const int QuietZone = 4; // QRCoder's matrix includes it
        var modules = data.ModuleMatrix.Count - (2 * QuietZone);
        var module = code.Size / modules;
        for (var row = 0; row < modules; row++)
        {
            var rowBits = data.ModuleMatrix[row + QuietZone];
            for (var column = 0; column < modules; column++)
            {
                if (!rowBits[column + QuietZone])
                {
                    continue;
                }

                // Runs of dark modules as one rectangle: fewer objects, no hairline seams between neighbours.
                var start = column;
                while (column + 1 < modules && rowBits[column + 1 + QuietZone])
                {
                    column++;
                }

                graphics.DrawRectangle(XBrushes.Black, code.X + (start * module), code.Y + (row * module), (column - start + 1) * module, module);
            }
        }

        // The Swiss cross: a 7 mm white square, a 6 mm black square, a white cross (IG §6.4.2.3 proportions).
        var mm = PageSetup.PointsPerMm;
        var centreX = code.X + (code.Size / 2);
        var centreY = code.Y + (code.Size / 2);
        graphics.DrawRectangle(XBrushes.White, centreX - (3.5 * mm), centreY - (3.5 * mm), 7 * mm, 7 * mm);
        graphics.DrawRectangle(XBrushes.Black, centreX - (3 * mm), centreY - (3 * mm), 6 * mm, 6 * mm);
        var (arm, width) = (3.9 * mm / 2, 1.17 * mm / 2);
        graphics.DrawRectangle(XBrushes.White, centreX - width, centreY - arm, 2 * width, 2 * arm);
        graphics.DrawRectangle(XBrushes.White, centreX - arm, centreY - width, 2 * arm, 2 * width);
    }

    private static void EnsureLibraryReady()
    {
        lock (Setup)
        {
            if (_ready)
            {
                return;
            }

            GlobalFontSettings.FontResolver ??= new DocumentFonts();
            _ready = true;
        }
    }

    /// <summary>The font of each text style, measured the way PDFsharp draws it.</summary>
    private sealed class Fonts : ITextMeasure
    {
        private readonly Dictionary<TextStyle, XFont> _fonts = new()
        {
            [TextStyle.Title] = new XFont(DocumentFonts.DejaVu, 16, XFontStyleEx.Bold),
            [TextStyle.Heading] = new XFont(DocumentFonts.DejaVu, 12, XFontStyleEx.Bold),
            [TextStyle.Body] = new XFont(DocumentFonts.DejaVu, 10, XFontStyleEx.Regular),
            [TextStyle.Label] = new XFont(DocumentFonts.DejaVu, 10, XFontStyleEx.Bold),
            [TextStyle.TableHeader] = new XFont(DocumentFonts.DejaVu, 8.5, XFontStyleEx.Bold),
            [TextStyle.TableCell] = new XFont(DocumentFonts.DejaVu, 8.5, XFontStyleEx.Regular),
            [TextStyle.TableTotal] = new XFont(DocumentFonts.DejaVu, 8.5, XFontStyleEx.Bold),
            [TextStyle.PageFurniture] = new XFont(DocumentFonts.DejaVu, 8, XFontStyleEx.Regular),
            [TextStyle.QrBillTitle] = new XFont(DocumentFonts.LiberationSans, 11, XFontStyleEx.Bold),
            [TextStyle.QrBillHeading] = new XFont(DocumentFonts.LiberationSans, 8, XFontStyleEx.Bold),
            [TextStyle.QrBillValue] = new XFont(DocumentFonts.LiberationSans, 10, XFontStyleEx.Regular),
            [TextStyle.QrReceiptHeading] = new XFont(DocumentFonts.LiberationSans, 6, XFontStyleEx.Bold),
            [TextStyle.QrReceiptValue] = new XFont(DocumentFonts.LiberationSans, 8, XFontStyleEx.Regular),
            [TextStyle.QrBillSeparation] = new XFont(DocumentFonts.LiberationSans, 7, XFontStyleEx.Regular),
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
