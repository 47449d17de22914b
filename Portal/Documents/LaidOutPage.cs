namespace Portal.Documents;

/// <summary>One line of text at its place on a page: <paramref name="Top"/> is the top of the line box, in points from the page's top.</summary>
public sealed record PlacedText(double X, double Top, string Text, TextStyle Style);

/// <summary>A horizontal rule (under a table header, between rows, above totals).</summary>
public sealed record PlacedRule(double X1, double X2, double Y, bool Strong);

/// <summary>A line along which the QR-bill's receipt and payment part are cut off (QR-01).</summary>
public sealed record PlacedCutLine(double X1, double Y1, double X2, double Y2);

/// <summary>A field the payer fills in by hand, drawn as corner marks (QR-04): the amount, "Payable by (name/address)".</summary>
public sealed record PlacedBlankField(double X, double Y, double Width, double Height);

/// <summary>A QR code with its 7 mm Swiss cross (QR-02): <paramref name="Size"/> is its side without the quiet zone.</summary>
public sealed record PlacedQrCode(double X, double Y, double Size, string Payload);

/// <summary>A filled rectangle of a chart (a bar's part, a legend swatch) in the colour of series <paramref name="Series"/>.</summary>
public sealed record PlacedBar(double X, double Y, double Width, double Height, int Series);

/// <summary>A page as the layout placed it, ready to be drawn by a renderer.</summary>
public sealed class LaidOutPage
{
    public List<PlacedText> Texts { get; } = [];

    public List<PlacedRule> Rules { get; } = [];

    public List<PlacedCutLine> CutLines { get; } = [];

    public List<PlacedBlankField> BlankFields { get; } = [];

    public List<PlacedQrCode> QrCodes { get; } = [];

    public List<PlacedBar> Bars { get; } = [];

    /// <summary>Where the QR-bill's payment part starts (points from the top), null on a page without one: nothing else goes below.</summary>
    public double? PaymentPartTop { get; set; }
}
