using System.Globalization;

namespace Portal.Documents;

/// <summary>
/// Breaks text into lines no wider than a width: at spaces and line feeds first, and inside a
/// word (a German compound, a serial, a URL) only when the word alone is wider than the line.
/// </summary>
public static class LineBreaker
{
    public static IReadOnlyList<string> Wrap(string text, double width, TextStyle style, ITextMeasure measure)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (measure.Width(candidate, style) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                if (measure.Width(word, style) > width)
                {
                    var pieces = BreakWord(word, width, style, measure);
                    lines.AddRange(pieces.Take(pieces.Count - 1));
                    line = pieces[^1];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The widest text any unbroken word of <paramref name="text"/> needs.</summary>
    public static double LongestWord(string text, TextStyle style, ITextMeasure measure) =>
        text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(w => measure.Width(w, style)).DefaultIfEmpty(0).Max();

    /// <summary>The width of the longest line when nothing has to wrap.</summary>
    public static double Unwrapped(string text, TextStyle style, ITextMeasure measure) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => measure.Width(l, style)).DefaultIfEmpty(0).Max();

    private static List<string> BreakWord(string word, double width, TextStyle style, ITextMeasure measure)
    {
        // Text elements, not chars: an accent or a surrogate pair never ends up alone on a line.
        var pieces = new List<string>();
        var piece = "";
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (piece.Length > 0 && measure.Width(piece + element, style) > width)
            {
                pieces.Add(piece);
                piece = "";
            }

            piece += element;
        }

        pieces.Add(piece);
        return pieces;
    }
}
