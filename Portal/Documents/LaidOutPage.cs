namespace Portal.Documents;

/// <summary>One line of text at its place on a page: <paramref name="Top"/> is the top of the line box, in points from the page's top.</summary>
public sealed record PlacedText(double X, double Top, string Text, TextStyle Style);

/// <summary>A horizontal rule (under a table header, between rows, above totals).</summary>
public sealed record PlacedRule(double X1, double X2, double Y, bool Strong);

/// <summary>A page as the layout placed it, ready to be drawn by a renderer.</summary>
public sealed class LaidOutPage
{
    public List<PlacedText> Texts { get; } = [];

    public List<PlacedRule> Rules { get; } = [];
}
