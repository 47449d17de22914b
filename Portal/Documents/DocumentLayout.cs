using System.Globalization;

namespace Portal.Documents;

/// <summary>
/// Places a <see cref="PrintedDocument"/> on pages: wraps every text to the room it has, measures
/// table columns, breaks pages between lines (repeating a table's header on each page, splitting
/// a row only when it is taller than a page), and puts the header, the footer and "page x of y"
/// on every page. Pure: the renderer supplies the font measurements and draws the result.
/// </summary>
public sealed class DocumentLayout
{
    private const double CellPadding = 2.5;
    private const double BlockGap = 6;
    private const double HeadingGap = 8;
    private const double FurnitureGap = 8;

    private readonly ITextMeasure _measure;
    private readonly PageSetup _page;
    private readonly List<LaidOutPage> _pages = [];
    private double _bodyTop;
    private double _bodyBottom;
    private double _pageBottom;
    private double _footerHeight;
    private double _y;

    private DocumentLayout(ITextMeasure measure, PageSetup page)
    {
        _measure = measure;
        _page = page;
    }

    public static IReadOnlyList<LaidOutPage> Lay(PrintedDocument document, ITextMeasure measure)
    {
        var layout = new DocumentLayout(measure, document.Page ?? PageSetup.A4);
        return layout.Run(document);
    }

    private LaidOutPage Current => _pages[^1];

    private List<LaidOutPage> Run(PrintedDocument document)
    {
        // The widest page label any page could get: digits are equally wide in the fonts used.
        var pageLabelWidth = _measure.Width(Format(document.PageNumber, 888, 888), TextStyle.PageFurniture);
        var footerWidth = _page.ContentWidth - pageLabelWidth - FurnitureGap;
        var header = document.Header is { } h ? LineBreaker.Wrap(h, _page.ContentWidth, TextStyle.PageFurniture, _measure) : [];
        var footer = document.Footer is { } f ? LineBreaker.Wrap(f, footerWidth, TextStyle.PageFurniture, _measure) : [];
        var furnitureLine = _measure.LineHeight(TextStyle.PageFurniture);
        _footerHeight = Math.Max(footer.Count, 1) * furnitureLine;
        _bodyTop = _page.Top + (header.Count > 0 ? (header.Count * furnitureLine) + FurnitureGap : 0);
        _bodyBottom = _page.Bottom - _footerHeight - FurnitureGap;

        NewPage();
        Lines(document.Title, TextStyle.Title, _page.Left, _page.ContentWidth);
        _y += HeadingGap;
        for (var i = 0; i < document.Blocks.Count; i++)
        {
            Place(document.Blocks[i], i + 1 < document.Blocks.Count ? document.Blocks[i + 1] : null);
            _y += BlockGap;
        }

        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            for (var line = 0; line < header.Count; line++)
            {
                page.Texts.Add(new PlacedText(_page.Left, _page.Top + (line * furnitureLine), header[line], TextStyle.PageFurniture));
            }

            var footerTop = FooterTop(page);
            for (var line = 0; line < footer.Count; line++)
            {
                page.Texts.Add(new PlacedText(_page.Left, footerTop + (line * furnitureLine), footer[line], TextStyle.PageFurniture));
            }

            var label = Format(document.PageNumber, i + 1, _pages.Count);
            page.Texts.Add(new PlacedText(_page.Right - _measure.Width(label, TextStyle.PageFurniture), footerTop, label, TextStyle.PageFurniture));
        }

        return _pages;
    }

    private void Place(DocumentBlock block, DocumentBlock? next)
    {
        switch (block)
        {
            case Heading heading:
                if (_y > _bodyTop)
                {
                    _y += HeadingGap - BlockGap;
                }

                // Keep a heading with the start of what follows it.
                var lines = LineBreaker.Wrap(heading.Text, _page.ContentWidth, TextStyle.Heading, _measure);
                if (_y + (lines.Count * _measure.LineHeight(TextStyle.Heading)) + StartHeight(next) > _pageBottom)
                {
                    NewPage();
                }

                Lines(heading.Text, TextStyle.Heading, _page.Left, _page.ContentWidth);
                break;
            case Paragraph paragraph:
                Lines(paragraph.Text, TextStyle.Body, _page.Left, _page.ContentWidth);
                break;
            case KeyValues pairs:
                PlaceKeyValues(pairs);
                break;
            case Table table:
                PlaceTable(table);
                break;
            case QrBillPaymentPart part:
                PlacePaymentPart(part);
                break;
            case BarChart chart:
                BarChartLayout.Place(chart, this);
                break;
            default:
                throw new NotSupportedException($"No layout for {block.GetType().Name}.");
        }
    }

    private void Lines(string text, TextStyle style, double x, double width)
    {
        var height = _measure.LineHeight(style);
        foreach (var line in LineBreaker.Wrap(text, width, style, _measure))
        {
            if (_y + height > _pageBottom)
            {
                NewPage();
            }

            Current.Texts.Add(new PlacedText(x, _y, line, style));
            _y += height;
        }
    }

    private void PlaceKeyValues(KeyValues block)
    {
        var labelWidth = Math.Min(
            block.Pairs.Select(p => LineBreaker.Unwrapped(p.Key, TextStyle.Label, _measure)).DefaultIfEmpty(0).Max() + (2 * CellPadding),
            _page.ContentWidth * 0.4);
        var widths = new[] { labelWidth, _page.ContentWidth - labelWidth };
        foreach (var pair in block.Pairs)
        {
            Row([pair.Key, pair.Value], widths, [CellAlignment.Left, CellAlignment.Left], [TextStyle.Label, TextStyle.Body], padding: 0, rule: null, repeatHeader: null);
        }
    }

    private void PlaceTable(Table table)
    {
        var totals = table.Totals ?? [];
        var widths = Widths(table);
        var alignments = table.Columns.Select(c => c.Alignment).ToArray();
        var headers = table.Columns.Select(c => c.Header).ToArray();
        TextStyle[] Styles(TextStyle style) => [.. table.Columns.Select(_ => style)];
        void Header() => Row(headers, widths, alignments, Styles(TextStyle.TableHeader), CellPadding, rule: true, repeatHeader: null);

        // A header alone at the foot of a page says nothing: keep it with the first row.
        if (_y + StartHeight(table) > _pageBottom)
        {
            NewPage();
        }

        Header();
        foreach (var row in table.Rows)
        {
            Row(row, widths, alignments, Styles(TextStyle.TableCell), CellPadding, rule: false, repeatHeader: Header);
        }

        var first = true;
        foreach (var row in totals)
        {
            if (first)
            {
                Current.Rules.Add(new PlacedRule(_page.Left, _page.Left + widths.Sum(), _y, Strong: true));
                first = false;
            }

            Row(row, widths, alignments, Styles(TextStyle.TableTotal), CellPadding, rule: null, repeatHeader: Header);
        }
    }

    /// <summary>
    /// The least of a block that must share a page with what comes before it: a table's header
    /// with its first row (at most half a page, a taller row is split), or one line of text.
    /// </summary>
    private double StartHeight(DocumentBlock? block)
    {
        switch (block)
        {
            case Table table:
                var totals = table.Totals ?? [];
                var widths = Widths(table);
                var first = table.Rows.Count > 0 ? table.Rows[0] : totals.Count > 0 ? totals[0] : [];
                var lines = first.Select((cell, i) => LineBreaker.Wrap(cell, widths[i] - (2 * CellPadding), TextStyle.TableCell, _measure).Count).DefaultIfEmpty(1).Max();
                var height = RowHeight(1, TextStyle.TableHeader, CellPadding) + RowHeight(lines, TextStyle.TableCell, CellPadding);
                return Math.Min(height, (_bodyBottom - _bodyTop) / 2);
            case Heading:
                return _measure.LineHeight(TextStyle.Heading) + BlockGap;
            case null:
                return 0;
            default:
                return _measure.LineHeight(TextStyle.Body) + BlockGap;
        }
    }

    private double[] Widths(Table table) =>
        ColumnWidths.Measure(table.Columns, table.Rows, table.Totals ?? [], _page.ContentWidth, 2 * CellPadding, _measure);

    private double RowHeight(int lines, TextStyle style, double padding) => (lines * _measure.LineHeight(style)) + (2 * padding);

    /// <summary>
    /// Places one row of cells. A row that does not fit goes to the next page (after the
    /// repeated header); only a row taller than a whole page is split between lines.
    /// </summary>
    private void Row(IReadOnlyList<string> cells, double[] widths, CellAlignment[] alignments, TextStyle[] styles, double padding, bool? rule, Action? repeatHeader)
    {
        var columns = widths.Length;
        var wrapped = Enumerable.Range(0, columns)
            .Select(i => new Queue<string>(LineBreaker.Wrap(cells.ElementAtOrDefault(i) ?? "", widths[i] - (2 * CellPadding), styles[i], _measure)))
            .ToArray();
        var lineHeight = Enumerable.Range(0, columns).Max(i => _measure.LineHeight(styles[i]));
        while (true)
        {
            var needed = wrapped.Max(q => q.Count);
            var height = (needed * lineHeight) + (2 * padding);
            var fits = _y + height <= _pageBottom;
            var fitsOnNewPage = height <= _bodyBottom - _bodyTop - RowHeight(1, TextStyle.TableHeader, CellPadding);
            if (!fits && fitsOnNewPage)
            {
                NewPage();
                repeatHeader?.Invoke();
                continue;
            }

            var take = fits ? needed : (int)Math.Floor((_pageBottom - _y - (2 * padding)) / lineHeight);
            if (take < 1)
            {
                NewPage();
                repeatHeader?.Invoke();
                continue;
            }

            var x = _page.Left;
            for (var i = 0; i < columns; i++)
            {
                for (var line = 0; line < take && wrapped[i].Count > 0; line++)
                {
                    var text = wrapped[i].Dequeue();
                    var left = alignments[i] == CellAlignment.Right
                        ? x + widths[i] - CellPadding - _measure.Width(text, styles[i])
                        : x + CellPadding;
                    Current.Texts.Add(new PlacedText(left, _y + padding + (line * lineHeight), text, styles[i]));
                }

                x += widths[i];
            }

            _y += (take * lineHeight) + (2 * padding);
            if (rule is { } strong)
            {
                Current.Rules.Add(new PlacedRule(_page.Left, _page.Left + widths.Sum(), _y, strong));
            }

            if (wrapped.All(q => q.Count == 0))
            {
                return;
            }

            NewPage();
            repeatHeader?.Invoke();
        }
    }

    /// <summary>
    /// The QR-bill's receipt and payment part take the bottom 105 mm of a page (QR-01): on the current page when what
    /// is already there ends above it (the footer then moves up, above the cut line), otherwise on a new page.
    /// </summary>
    private void PlacePaymentPart(QrBillPaymentPart part)
    {
        var paymentPartTop = _page.Height - (PaymentPartLayout.HeightMm * PageSetup.PointsPerMm);
        var bottom = paymentPartTop - PaymentPartLayout.SeparationHeight(_measure) - (FurnitureGap / 2) - _footerHeight - FurnitureGap;
        if (Current.PaymentPartTop is not null || _y - BlockGap > bottom)
        {
            NewPage();
        }

        PaymentPartLayout.Place(part, Current, _page.Width, _page.Height, _measure);
        _pageBottom = Math.Min(_pageBottom, bottom);
    }

    /// <summary>Where a page's footer starts: at the foot of the page, or above the payment part's cut line.</summary>
    private double FooterTop(LaidOutPage page) =>
        page.PaymentPartTop is { } top
            ? top - PaymentPartLayout.SeparationHeight(_measure) - (FurnitureGap / 2) - _footerHeight
            : _page.Bottom - _footerHeight;

    /// <summary>Room for a block of <paramref name="height"/> points that must not be split: a new page when it does not fit; returns its top.</summary>
    internal double Reserve(double height)
    {
        if (_y + height > _pageBottom && _y > _bodyTop)
        {
            NewPage();
        }

        var top = _y;
        _y += height;
        return top;
    }

    internal LaidOutPage Page => Current;

    internal double Left => _page.Left;

    internal double ContentWidth => _page.ContentWidth;

    internal ITextMeasure Measure => _measure;

    private void NewPage()
    {
        _pages.Add(new LaidOutPage());
        _y = _bodyTop;
        _pageBottom = _bodyBottom;
    }

    private static string Format(string pageNumber, int page, int count) =>
        string.Format(CultureInfo.CurrentCulture, pageNumber, page, count);
}
