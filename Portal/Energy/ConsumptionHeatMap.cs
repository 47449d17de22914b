namespace Portal.Energy;

/// <summary>One cell of a heat map: a bucket's start and the site's consumption in it (null: no balance there).</summary>
public sealed record HeatMapCell(DateTime StartUtc, long? ConsumptionWh);

/// <summary>One local day of a heat map: its buckets in order (92, 96 or 100 quarter-hours; 23, 24 or 25 hours).</summary>
public sealed record HeatMapDay(DateOnly Day, IReadOnlyList<HeatMapCell> Cells);

/// <summary>
/// The site's consumption as days (rows) by time of day (columns), in the site's zone. A period of up to
/// <see cref="MaxQuarterHourDays"/> days has a column per quarter-hour; a longer one a column per hour, so a year
/// stays a readable 365 x 24 grid instead of 35,000 cells. Hours are the stored UTC hours, which are local hours in
/// every zone a site may have (whole-hour offsets). Every bucket of every day is a cell, with or without data, so a
/// 100-quarter-hour autumn day has 100 cells and a 92-quarter-hour spring day 92. Pure.
/// </summary>
public sealed record ConsumptionHeatMap(EnergyResolution Columns, IReadOnlyList<HeatMapDay> Days, long MaxWh)
{
    public const int MaxQuarterHourDays = 31;

    /// <summary>The column size a heat map of <paramref name="period"/> uses.</summary>
    public static EnergyResolution ColumnsFor(EnergyPeriod period) =>
        period.Days <= MaxQuarterHourDays ? EnergyResolution.QuarterHour : EnergyResolution.Hour;

    /// <param name="buckets">The site's buckets of <paramref name="columns"/> in the period (absent ones have no data).</param>
    public static ConsumptionHeatMap Of(EnergyPeriod period, TimeZoneInfo zone, EnergyResolution columns, IEnumerable<(DateTime StartUtc, long Wh)> buckets)
    {
        var byStart = buckets.ToDictionary(b => b.StartUtc, b => b.Wh);
        var days = new List<HeatMapDay>(Math.Max(0, period.Days));
        for (var day = period.Start; day < period.End; day = day.AddDays(1))
        {
            var from = EnergyBuckets.LocalMidnight(day, zone);
            var to = EnergyBuckets.LocalMidnight(day.AddDays(1), zone);
            var cells = EnergyBuckets.Touching(columns, from, to, zone)
                .Select(start => new HeatMapCell(start, byStart.TryGetValue(start, out var wh) ? wh : null))
                .ToList();
            days.Add(new HeatMapDay(day, cells));
        }

        return new ConsumptionHeatMap(columns, days, byStart.Count == 0 ? 0 : Math.Max(0, byStart.Values.Max()));
    }

    /// <summary>The most cells any day has (the grid's width).</summary>
    public int MaxCellsPerDay => Days.Count == 0 ? 0 : Days.Max(d => d.Cells.Count);
}
