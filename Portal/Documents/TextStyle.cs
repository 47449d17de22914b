namespace Portal.Documents;

/// <summary>The few kinds of text a document has; a renderer maps each to a font (size, weight, colour).</summary>
public enum TextStyle
{
    Title,
    Heading,
    Body,
    Label,
    TableHeader,
    TableCell,
    TableTotal,
    PageFurniture,

    /// <summary>QR-bill titles "Receipt" and "Payment part": 11 pt bold (QR-03).</summary>
    QrBillTitle,

    /// <summary>Payment part headings: 8 pt bold (QR-03).</summary>
    QrBillHeading,

    /// <summary>Payment part values: 10 pt (QR-03).</summary>
    QrBillValue,

    /// <summary>Receipt headings: 6 pt bold (QR-03).</summary>
    QrReceiptHeading,

    /// <summary>Receipt values: 8 pt (QR-03).</summary>
    QrReceiptValue,

    /// <summary>"Separate before paying in" above the cut line (QR-01).</summary>
    QrBillSeparation,
}

/// <summary>How wide a text is and how far apart its lines are, in points, as the renderer's fonts draw it.</summary>
public interface ITextMeasure
{
    double Width(string text, TextStyle style);

    /// <summary>The distance from one line's top to the next: at least the font's ascent plus descent, so lines never touch.</summary>
    double LineHeight(TextStyle style);
}
