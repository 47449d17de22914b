namespace Portal.Documents;

/// <summary>A page's size and margins in millimetres; A4 portrait with 18 mm margins unless a document says otherwise.</summary>
public sealed record PageSetup(double WidthMm = 210, double HeightMm = 297, double MarginTopMm = 18, double MarginBottomMm = 18, double MarginLeftMm = 18, double MarginRightMm = 18)
{
    public const double PointsPerMm = 72 / 25.4;

    public static PageSetup A4 { get; } = new();

    public double Width => WidthMm * PointsPerMm;

    public double Height => HeightMm * PointsPerMm;

    public double Left => MarginLeftMm * PointsPerMm;

    public double Right => Width - (MarginRightMm * PointsPerMm);

    public double Top => MarginTopMm * PointsPerMm;

    public double Bottom => Height - (MarginBottomMm * PointsPerMm);

    /// <summary>The width text may use between the side margins, in points.</summary>
    public double ContentWidth => Right - Left;
}
