using System.Globalization;

namespace Portal.Documents;

/// <summary>
/// Places a <see cref="BarChart"/> as one unsplittable block: caption, legend (a swatch and a name per series), the
/// plot with stacked bars scaled to the largest bar, the largest value at the top of the axis, and bar labels under
/// it - only every n-th label when they would touch, so no two words overlap however many days the period has.
/// </summary>
internal static class BarChartLayout
{
    private const double PlotHeight = 90;
    private const double Gap = 4;
    private const double Swatch = 7;
    private const double AxisWidthShare = 0.12;

    public static void Place(BarChart chart, DocumentLayout layout)
    {
        var measure = layout.Measure;
        var line = measure.LineHeight(TextStyle.TableCell);
        var captionLine = measure.LineHeight(TextStyle.Label);
        if (chart.Bars.Count == 0 || chart.Bars.All(b => b.Values.Sum() <= 0))
        {
            var emptyTop = layout.Reserve(captionLine + line);
            layout.Page.Texts.Add(new PlacedText(layout.Left, emptyTop, Fit(chart.Caption, layout.ContentWidth, TextStyle.Label, measure), TextStyle.Label));
            layout.Page.Texts.Add(new PlacedText(layout.Left, emptyTop + captionLine, Fit(chart.Empty, layout.ContentWidth, TextStyle.TableCell, measure), TextStyle.TableCell));
            return;
        }

        var legend = LegendRows(chart, layout.ContentWidth, measure);
        var height = captionLine + Gap + (legend.Count * line) + Gap + PlotHeight + Gap + line;
        var top = layout.Reserve(height);
        var page = layout.Page;
        page.Texts.Add(new PlacedText(layout.Left, top, Fit(chart.Caption, layout.ContentWidth, TextStyle.Label, measure), TextStyle.Label));
        var y = top + captionLine + Gap;
        foreach (var row in legend)
        {
            foreach (var (offset, series, name) in row)
            {
                var x = layout.Left + offset;
                page.Bars.Add(new PlacedBar(x, y + ((line - Swatch) / 2), Swatch, Swatch, series));
                page.Texts.Add(new PlacedText(x + Swatch + Gap, y, name, TextStyle.TableCell));
            }

            y += line;
        }

        y += Gap;
        var max = chart.Bars.Max(b => b.Values.Sum());
        var axisWidth = layout.ContentWidth * AxisWidthShare;
        var axisLabel = Fit($"{max.ToString("N0", CultureInfo.CurrentCulture)} {chart.Unit}", axisWidth - Gap, TextStyle.TableCell, measure);
        page.Texts.Add(new PlacedText(layout.Left, y, axisLabel, TextStyle.TableCell));
        var plotLeft = layout.Left + axisWidth;
        var plotWidth = layout.ContentWidth - axisWidth;
        var bottom = y + PlotHeight;
        page.Rules.Add(new PlacedRule(plotLeft, plotLeft + plotWidth, bottom, Strong: true));
        page.Rules.Add(new PlacedRule(plotLeft, plotLeft + plotWidth, y, Strong: false));
        var slot = plotWidth / chart.Bars.Count;
        var barWidth = slot * 0.7;
        var widest = chart.Bars.Max(b => measure.Width(b.Label, TextStyle.TableCell)) + Gap;
        var every = Math.Max(1, (int)Math.Ceiling(widest / slot));
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var bar = chart.Bars[i];
            var x = plotLeft + (i * slot) + ((slot - barWidth) / 2);
            var stackTop = bottom;
            for (var s = 0; s < bar.Values.Count; s++)
            {
                var h = max == 0 ? 0 : (double)(Math.Max(0, bar.Values[s]) / max) * PlotHeight;
                if (h > 0)
                {
                    stackTop -= h;
                    page.Bars.Add(new PlacedBar(x, stackTop, barWidth, h, s));
                }
            }

            if (i % every == 0)
            {
                // Left-aligned at the start of its group of bars, cut to the group's width: labels never meet.
                var room = Math.Min(slot * every, plotWidth - (i * slot)) - Gap;
                if (room + Gap < widest)
                {
                    continue; // the last group, too narrow for a label
                }

                var label = Fit(bar.Label, room, TextStyle.TableCell, measure);
                page.Texts.Add(new PlacedText(plotLeft + (i * slot), bottom + Gap, label, TextStyle.TableCell));
            }
        }
    }

    // Series names side by side, wrapping to a new row when the next would pass the right margin.
    private static List<List<(double Offset, int Series, string Name)>> LegendRows(BarChart chart, double width, ITextMeasure measure)
    {
        var rows = new List<List<(double Offset, int Series, string Name)>> { new() };
        var x = 0d;
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var name = Fit(chart.Series[s], width - Swatch - Gap, TextStyle.TableCell, measure);
            var entry = Swatch + Gap + measure.Width(name, TextStyle.TableCell) + (3 * Gap);
            if (x > 0 && x + entry > width)
            {
                rows.Add([]);
                x = 0;
            }

            rows[^1].Add((x, s, name));
            x += entry;
        }

        return rows;
    }

    // A chart's texts stay on one line: cut with an ellipsis what would not fit.
    private static string Fit(string text, double width, TextStyle style, ITextMeasure measure)
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
