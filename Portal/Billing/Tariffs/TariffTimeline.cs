namespace Portal.Billing.Tariffs;

/// <summary>Days from <paramref name="First"/> to <paramref name="Last"/>, both included.</summary>
public sealed record DayRange(DateOnly First, DateOnly Last)
{
    public int Days => Last.DayNumber - First.DayNumber + 1;
}

/// <summary>A run of days on which one tariff version applies.</summary>
public sealed record TariffSpan(Tariff Tariff, DayRange Days);

/// <summary>
/// Which tariff version applies on each local day of a period: a version holds from its <see cref="Tariff.ValidFrom"/>
/// until the day before the next version's. Days before the first version are gaps; the billing run refuses to issue
/// while <see cref="Gaps"/> is not empty, naming them.
/// </summary>
public sealed class TariffTimeline
{
    private TariffTimeline(DayRange period, IReadOnlyList<TariffSpan> spans, IReadOnlyList<DayRange> gaps) =>
        (Period, Spans, Gaps) = (period, spans, gaps);

    public DayRange Period { get; }

    /// <summary>The versions in force during the period, in order, each cut to the period.</summary>
    public IReadOnlyList<TariffSpan> Spans { get; }

    /// <summary>The days of the period no version covers.</summary>
    public IReadOnlyList<DayRange> Gaps { get; }

    public bool IsComplete => Gaps.Count == 0;

    /// <summary>The version in force on <paramref name="day"/>; null in a gap or outside the period.</summary>
    public Tariff? On(DateOnly day) =>
        Spans.FirstOrDefault(s => s.Days.First <= day && day <= s.Days.Last)?.Tariff;

    public static TariffTimeline Of(IEnumerable<Tariff> versions, DateOnly firstDay, DateOnly lastDayInclusive)
    {
        if (lastDayInclusive < firstDay)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDayInclusive), "The period ends before it starts.");
        }

        var period = new DayRange(firstDay, lastDayInclusive);
        var ordered = versions.OrderBy(v => v.ValidFrom).ToList();
        var spans = new List<TariffSpan>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var from = ordered[i].ValidFrom;
            var until = i + 1 < ordered.Count ? ordered[i + 1].ValidFrom.AddDays(-1) : DateOnly.MaxValue;
            var first = from > firstDay ? from : firstDay;
            var last = until < lastDayInclusive ? until : lastDayInclusive;
            if (first <= last)
            {
                spans.Add(new TariffSpan(ordered[i], new DayRange(first, last)));
            }
        }

        var gaps = new List<DayRange>();
        if (spans.Count == 0)
        {
            gaps.Add(period);
        }
        else if (spans[0].Days.First > firstDay)
        {
            // Versions follow each other without holes, so only the start of the period can lack one.
            gaps.Add(new DayRange(firstDay, spans[0].Days.First.AddDays(-1)));
        }

        return new TariffTimeline(period, spans, gaps);
    }
}
