namespace Portal.Documents;

/// <summary>
/// Measures a table's columns from their content, as a browser lays out an automatic table:
/// every column gets at least its longest word (capped at an equal share of the width, beyond
/// which words are broken), the room left goes to the columns whose text would otherwise wrap,
/// and a table that fits is stretched to the full width. <see cref="TableColumn.MinMm"/> and
/// <see cref="TableColumn.MaxMm"/> bound each column.
/// </summary>
public static class ColumnWidths
{
    public static double[] Measure(IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<IReadOnlyList<string>> totals, double available, double padding, ITextMeasure measure)
    {
        var count = columns.Count;
        var min = new double[count];
        var max = new double[count];
        var share = available / count;
        for (var i = 0; i < count; i++)
        {
            var cells = rows.Select(r => (Text: r.ElementAtOrDefault(i) ?? "", Style: TextStyle.TableCell))
                .Concat(totals.Select(r => (Text: r.ElementAtOrDefault(i) ?? "", Style: TextStyle.TableTotal)))
                .Append((Text: columns[i].Header, Style: TextStyle.TableHeader))
                .ToList();
            var longestWord = cells.Max(c => LineBreaker.LongestWord(c.Text, c.Style, measure)) + padding;
            var unwrapped = cells.Max(c => LineBreaker.Unwrapped(c.Text, c.Style, measure)) + padding;
            min[i] = Math.Min(longestWord, share);
            max[i] = Math.Max(unwrapped, min[i]);
            if (columns[i].MinMm is { } floor)
            {
                min[i] = Math.Max(min[i], floor * PageSetup.PointsPerMm);
                max[i] = Math.Max(max[i], min[i]);
            }

            if (columns[i].MaxMm is { } ceiling)
            {
                max[i] = Math.Min(max[i], ceiling * PageSetup.PointsPerMm);
                min[i] = Math.Min(min[i], max[i]);
            }
        }

        var (sumMin, sumMax) = (min.Sum(), max.Sum());
        if (sumMax <= available)
        {
            return Stretch(columns, max, available - sumMax);
        }

        if (sumMin <= available)
        {
            var part = (available - sumMin) / (sumMax - sumMin);
            return [.. min.Select((m, i) => m + ((max[i] - m) * part))];
        }

        // Only minimums set by the document can get here: shrink them alike.
        return [.. min.Select(m => m * available / sumMin)];
    }

    private static double[] Stretch(IReadOnlyList<TableColumn> columns, double[] widths, double extra)
    {
        var free = Enumerable.Range(0, widths.Length).Where(i => columns[i].MaxMm is null).ToList();
        var freeWidth = free.Sum(i => widths[i]);
        if (freeWidth <= 0)
        {
            return widths;
        }

        var result = (double[])widths.Clone();
        foreach (var i in free)
        {
            result[i] += extra * widths[i] / freeWidth;
        }

        return result;
    }
}
