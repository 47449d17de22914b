using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyQueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void A_period_of_local_days_and_a_resolution_are_read_from_the_address()
    {
        var (query, problem) = EnergyQuery.Parse("2026-03-01", "2026-04-01", "quarter-hour", Today);

        Assert.Null(problem);
        Assert.Equal(new EnergyQuery(new EnergyPeriod(PeriodKind.Custom, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1)), EnergyResolution.QuarterHour), query);
        Assert.Equal(new DateOnly(2026, 3, 2), EnergyQuery.Parse("2026-03-01", null, null, Today).Query?.Period.End);
    }

    [Theory]
    [InlineData(null, null, null, "Energy.Query.BadDay")]
    [InlineData("1.3.2026", null, null, "Energy.Query.BadDay")]
    [InlineData("2026-03-01", "tomorrow", null, "Energy.Query.BadDay")]
    [InlineData("2026-03-01", null, "week", "Energy.Query.BadResolution")]
    [InlineData("2026-03-01", "2026-02-01", null, "Energy.Period.EndBeforeStart")]
    [InlineData("2016-01-01", "2026-01-01", null, "Energy.Period.TooLong")]
    [InlineData("2027-01-01", null, null, "Energy.Period.InFuture")]
    [InlineData("1999-12-01", "2000-02-01", null, "Energy.Period.TooEarly")]
    public void Bad_input_gets_the_key_of_a_message(string? from, string? to, string? resolution, string expected)
    {
        var (query, problem) = EnergyQuery.Parse(from, to, resolution, Today);

        Assert.Null(query);
        Assert.Equal(expected, problem);
    }
}
