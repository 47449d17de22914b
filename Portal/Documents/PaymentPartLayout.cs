using System.Globalization;
using Portal.Billing;

namespace Portal.Documents;

/// <summary>
/// Places a <see cref="QrBillPaymentPart"/> on the bottom 105 mm of a page (SIX IG 2.3 §3, BILLING.md QR-01..QR-04):
/// the receipt (62 mm) on the left, the payment part (148 mm) on the right, 5 mm margins, the QR code 46 x 46 mm,
/// blank fields with corner marks for a missing amount or debtor, and the cut lines with "Separate before paying in".
/// Pure: positions come from millimetres and the renderer's font measurements.
/// </summary>
public static class PaymentPartLayout
{
    public const double HeightMm = 105;
    public const double ReceiptWidthMm = 62;
    public const double MarginMm = 5;
    public const double QrCodeMm = 46;

    private const double Mm = PageSetup.PointsPerMm;

    /// <summary>The room the separation text takes above the payment part, so the page's own content stops before it.</summary>
    public static double SeparationHeight(ITextMeasure measure) => measure.LineHeight(TextStyle.QrBillSeparation) + 2;

    /// <summary>Places <paramref name="part"/> on <paramref name="page"/>; the page is <paramref name="pageWidth"/> by <paramref name="pageHeight"/> points.</summary>
    public static void Place(QrBillPaymentPart part, LaidOutPage page, double pageWidth, double pageHeight, ITextMeasure measure)
    {
        var top = pageHeight - (HeightMm * Mm);
        var bill = part.Bill;
        var texts = part.Texts;
        page.PaymentPartTop = top;
        var receiptRight = ReceiptWidthMm * Mm;

        // QR-01: the cut lines, and the hint above them.
        page.CutLines.Add(new PlacedCutLine(0, top, pageWidth, top));
        page.CutLines.Add(new PlacedCutLine(receiptRight, top, receiptRight, pageHeight));
        var hintWidth = measure.Width(texts.SeparateBeforePayingIn, TextStyle.QrBillSeparation);
        page.Texts.Add(new PlacedText((pageWidth - hintWidth) / 2, top - SeparationHeight(measure), texts.SeparateBeforePayingIn, TextStyle.QrBillSeparation));

        // Receipt (QR-03: title 11 pt bold, headings 6 pt bold, values 8 pt).
        var left = MarginMm * Mm;
        page.Texts.Add(new PlacedText(left, top + (MarginMm * Mm), texts.Receipt, TextStyle.QrBillTitle));
        var receiptInfo = new List<Section>
        {
            new(texts.AccountPayableTo, [Iban.Format(bill.Account), .. bill.Creditor.PrintedLines()]),
        };
        if (bill.Reference.Type != PaymentReferenceType.None)
        {
            receiptInfo.Add(new(texts.Reference, [bill.Reference.Printed]));
        }

        receiptInfo.Add(bill.Debtor is { } receiptDebtor
            ? new(texts.PayableBy, receiptDebtor.PrintedLines())
            : new(texts.PayableByNameAddress, [], new(52 * Mm, 20 * Mm)));
        Sections(page, receiptInfo, left, top + (12 * Mm), (ReceiptWidthMm - (2 * MarginMm)) * Mm, top + (68 * Mm), TextStyle.QrReceiptHeading, TextStyle.QrReceiptValue, measure);
        AmountSection(page, bill, texts, left, 12 * Mm, top + (68 * Mm), new(30 * Mm, 10 * Mm), receiptRight - (MarginMm * Mm) - (30 * Mm), TextStyle.QrReceiptHeading, TextStyle.QrReceiptValue, measure);
        var acceptance = measure.Width(texts.AcceptancePoint, TextStyle.QrReceiptHeading);
        page.Texts.Add(new PlacedText(receiptRight - (MarginMm * Mm) - acceptance, top + (82 * Mm), texts.AcceptancePoint, TextStyle.QrReceiptHeading));

        // Payment part (QR-03: title 11 pt bold, headings 8 pt bold, values 10 pt), QR code 46 x 46 mm (QR-02).
        var paymentLeft = receiptRight + (MarginMm * Mm);
        page.Texts.Add(new PlacedText(paymentLeft, top + (MarginMm * Mm), texts.PaymentPart, TextStyle.QrBillTitle));
        page.QrCodes.Add(new PlacedQrCode(paymentLeft, top + (17 * Mm), QrCodeMm * Mm, part.Payload));
        AmountSection(page, bill, texts, paymentLeft, 14 * Mm, top + (68 * Mm), new(40 * Mm, 15 * Mm), paymentLeft + ((QrCodeMm + MarginMm - 1 - 40) * Mm), TextStyle.QrBillHeading, TextStyle.QrBillValue, measure);
        var info = new List<Section>
        {
            new(texts.AccountPayableTo, [Iban.Format(bill.Account), .. bill.Creditor.PrintedLines()]),
        };
        if (bill.Reference.Type != PaymentReferenceType.None)
        {
            info.Add(new(texts.Reference, [bill.Reference.Printed]));
        }

        string[] additional = [.. new[] { bill.UnstructuredMessage, bill.BillingInformation }.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!)];
        if (additional.Length > 0)
        {
            info.Add(new(texts.AdditionalInformation, additional));
        }

        info.Add(bill.Debtor is { } debtor
            ? new(texts.PayableBy, debtor.PrintedLines())
            : new(texts.PayableByNameAddress, [], new(65 * Mm, 25 * Mm)));
        var infoLeft = paymentLeft + ((QrCodeMm + MarginMm) * Mm);
        Sections(page, info, infoLeft, top + (MarginMm * Mm), pageWidth - (MarginMm * Mm) - infoLeft, pageHeight - (MarginMm * Mm), TextStyle.QrBillHeading, TextStyle.QrBillValue, measure);
    }

    /// <summary>The amount as the IG prints it: two decimals, a space between thousands ("1 949.75").</summary>
    public static string Amount(decimal amount)
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberGroupSeparator = " ";
        return amount.ToString("#,##0.00", format);
    }

    private sealed record Section(string Heading, IReadOnlyList<string> Lines, BlankSize? Blank = null);

    private sealed record BlankSize(double Width, double Height);

    /// <summary>
    /// Headings with their values, wrapped to <paramref name="width"/>. When they would run past <paramref name="bottom"/>
    /// (every field at its QR-05 maximum), each value is kept to one line, cut with an ellipsis.
    /// </summary>
    private static void Sections(LaidOutPage page, IReadOnlyList<Section> sections, double x, double y, double width, double bottom, TextStyle heading, TextStyle value, ITextMeasure measure)
    {
        var headingHeight = measure.LineHeight(heading);
        var valueHeight = measure.LineHeight(value);
        var gap = valueHeight * 0.6;
        List<(Section Section, IReadOnlyList<string> Lines)> Laid(bool oneLineEach) =>
            [.. sections.Select(s => (s, (IReadOnlyList<string>)[.. s.Lines.SelectMany(line => oneLineEach ? [OneLine(line, width, value, measure)] : LineBreaker.Wrap(line, width, value, measure))]))];
        double Height(List<(Section Section, IReadOnlyList<string> Lines)> laid) =>
            laid.Sum(l => headingHeight + (l.Lines.Count * valueHeight) + (l.Section.Blank?.Height ?? 0)) + (gap * (laid.Count - 1));

        var laid = Laid(oneLineEach: false);
        if (y + Height(laid) > bottom)
        {
            laid = Laid(oneLineEach: true);
        }

        foreach (var (section, lines) in laid)
        {
            page.Texts.Add(new PlacedText(x, y, section.Heading, heading));
            y += headingHeight;
            foreach (var line in lines)
            {
                page.Texts.Add(new PlacedText(x, y, line, value));
                y += valueHeight;
            }

            if (section.Blank is { } blank)
            {
                page.BlankFields.Add(new PlacedBlankField(x, y + 1, blank.Width, blank.Height));
                y += blank.Height + 1;
            }

            y += gap;
        }
    }

    /// <summary>
    /// "Currency" and "Amount" with their values, or a blank amount field (QR-04) at <paramref name="blankLeft"/> when the
    /// bill leaves the amount open; the heading goes above it, clear of "Currency".
    /// </summary>
    private static void AmountSection(LaidOutPage page, QrBill bill, QrBillTexts texts, double x, double amountOffset, double y, BlankSize blank, double blankLeft, TextStyle heading, TextStyle value, ITextMeasure measure)
    {
        var headingHeight = measure.LineHeight(heading);
        page.Texts.Add(new PlacedText(x, y, texts.Currency, heading));
        page.Texts.Add(new PlacedText(x, y + headingHeight, bill.Currency.ToString(), value));
        if (bill.Amount is { } amount)
        {
            page.Texts.Add(new PlacedText(x + amountOffset, y, texts.Amount, heading));
            page.Texts.Add(new PlacedText(x + amountOffset, y + headingHeight, Amount(amount), value));
            return;
        }

        page.Texts.Add(new PlacedText(Math.Max(x + amountOffset, blankLeft), y, texts.Amount, heading));
        page.BlankFields.Add(new PlacedBlankField(blankLeft, y + headingHeight + 1, blank.Width, blank.Height));
    }

    private static string OneLine(string text, double width, TextStyle style, ITextMeasure measure)
    {
        if (measure.Width(text, style) <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && measure.Width(cut + "…", style) > width)
        {
            cut = cut[..^1];
        }

        return cut.TrimEnd() + "…";
    }
}
