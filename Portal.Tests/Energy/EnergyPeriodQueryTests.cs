using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyPeriodQueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void Without_a_query_the_dashboard_shows_today()
    {
        Assert.Equal((EnergyPeriod.Containing(PeriodKind.Day, Today), (string?)null), new EnergyPeriodQuery(null, null, null).Resolve(Today));
    }

    [Theory]
    [InlineData(PeriodKind.Day)]
    [InlineData(PeriodKind.Week)]
    [InlineData(PeriodKind.Month)]
    [InlineData(PeriodKind.Year)]
    public void A_period_survives_the_address_bar(PeriodKind kind)
    {
        var period = EnergyPeriod.Containing(kind, new DateOnly(2026, 3, 29));

        Assert.Equal((period, (string?)null), EnergyPeriodQuery.Of(period).Resolve(Today));
    }

    [Fact]
    public void Custom_days_survive_the_address_bar_with_their_last_day_included()
    {
        var period = EnergyPeriod.Custom(new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 26));
        var query = EnergyPeriodQuery.Of(period);

        Assert.Equal("?period=custom&from=2026-10-20&to=2026-10-26", query.ToQueryString());
        Assert.Equal((period, (string?)null), query.Resolve(Today));
    }

    [Fact]
    public void A_week_or_month_named_by_any_of_its_days_is_the_whole_week_or_month()
    {
        var (period, _) = new EnergyPeriodQuery("Month", "2026-02-14", null).Resolve(Today);

        Assert.Equal(new EnergyPeriod(PeriodKind.Month, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)), period);
    }

    [Theory]
    [InlineData("hour", "2026-06-01", null)]
    [InlineData("7", "2026-06-01", null)]
    [InlineData("day", "2026-02-30", null)]
    [InlineData("custom", "2026-06-01", "soon")]
    public void An_address_that_names_no_period_gets_a_message_and_shows_today(string period, string from, string? to)
    {
        Assert.Equal((EnergyPeriod.Containing(PeriodKind.Day, Today), (string?)EnergyPeriodQuery.InvalidText), new EnergyPeriodQuery(period, from, to).Resolve(Today));
    }
}
