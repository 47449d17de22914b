using Portal.Energy;

namespace Portal.Tests.Energy;

/// <summary>The pure rules of <see cref="DataQualityFinder"/> on intervals as the reader hands them over.</summary>
public sealed class DataQualityFinderTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static DateTime Q(int quarters) => Start.AddMinutes(15 * quarters);

    [Fact]
    public void A_quarter_hour_replayed_inside_a_merged_span_makes_no_gap_after_the_span()
    {
        // Stored: [0, 4) merged, [1, 2) replayed inside it, [4, 5). The reader leaves out the replayed one (plain, and
        // it starts before the previous end) and hands [4, 5) over because its previous end (2) is before its start.
        var meter = new MeterQualityData("m", Q(0), [new(Q(0), Q(4), false), new(Q(4), Q(5), false, Q(2))], Q(5));

        var findings = DataQualityFinder.OfMeter(meter, Q(0), Q(5), Q(5)).ToList();

        Assert.Equal([new DataQualityFinding(DataQualityKind.MergedGap, "m", Q(0), Q(4), 4)], findings);
    }

    [Fact]
    public void Quarter_hours_not_yet_due_are_not_missing()
    {
        var meter = new MeterQualityData("m", Q(0), [new(Q(0), Q(1), false)], Q(1));

        var findings = DataQualityFinder.OfMeter(meter, Q(0), Q(96), dueBeforeUtc: Q(3)).ToList();

        Assert.Equal([new DataQualityFinding(DataQualityKind.MissingQuarterHours, "m", Q(1), Q(3), 2)], findings);
    }

    [Theory]
    [InlineData(101, 1000, true)]
    [InlineData(100, 0, false)]
    [InlineData(150, 2000, false)]
    [InlineData(-500, 0, true)]
    [InlineData(-200, 2000, false)]
    [InlineData(-201, 2009, true)]
    public void A_residual_is_high_above_a_tenth_of_the_consumption_and_above_100_wh(long residualWh, long consumptionWh, bool high) =>
        Assert.Equal(high, DataQualityFinder.IsHighResidual(residualWh, consumptionWh));
}
