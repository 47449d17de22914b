using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyPeriodTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void A_week_starts_on_monday_and_a_month_and_year_on_their_first_day()
    {
        Assert.Equal(new EnergyPeriod(PeriodKind.Week, new(2026, 11, 30), new(2026, 12, 7)), EnergyPeriod.Containing(PeriodKind.Week, new DateOnly(2026, 12, 6)));
        Assert.Equal(new EnergyPeriod(PeriodKind.Month, new(2026, 2, 1), new(2026, 3, 1)), EnergyPeriod.Containing(PeriodKind.Month, new DateOnly(2026, 2, 17)));
        Assert.Equal(365, EnergyPeriod.Containing(PeriodKind.Year, Today).Days);
    }

    [Fact]
    public void Previous_next_and_a_year_earlier_keep_the_kind()
    {
        var march = EnergyPeriod.Containing(PeriodKind.Month, new DateOnly(2026, 3, 10));

        Assert.Equal(new DateOnly(2026, 2, 1), march.Previous().Start);
        Assert.Equal(28, march.Previous().Days);
        Assert.Equal(new DateOnly(2026, 4, 1), march.Next().Start);
        Assert.Equal(new DateOnly(2025, 3, 1), march.YearEarlier().Start);
        var custom = EnergyPeriod.Custom(new(2026, 5, 1), new(2026, 5, 10));
        Assert.Equal(EnergyPeriod.Custom(new(2026, 4, 21), new(2026, 4, 30)), custom.Previous());
    }

    [Fact]
    public void Local_days_of_a_change_of_time_have_92_and_100_quarter_hours()
    {
        static int Quarters(EnergyPeriod p)
        {
            var (from, to) = p.ToUtc(Zurich);
            return (int)((to - from) / TimeSpan.FromMinutes(15));
        }

        Assert.Equal(92, Quarters(EnergyPeriod.Containing(PeriodKind.Day, new(2026, 3, 29))));
        Assert.Equal(100, Quarters(EnergyPeriod.Containing(PeriodKind.Day, new(2026, 10, 25))));
        Assert.Equal(96, Quarters(EnergyPeriod.Containing(PeriodKind.Day, new(2026, 10, 26))));
    }

    [Fact]
    public void Ten_years_a_future_period_and_an_end_before_the_start_are_refused_with_a_reason()
    {
        Assert.Equal("Energy.Period.TooLong", EnergyPeriod.Custom(new(2015, 1, 1), new(2024, 12, 31)).Problem(Today));
        Assert.Equal("Energy.Period.InFuture", EnergyPeriod.Containing(PeriodKind.Day, Today.AddDays(1)).Problem(Today));
        Assert.Equal("Energy.Period.EndBeforeStart", EnergyPeriod.Custom(new(2026, 5, 10), new(2026, 5, 1)).Problem(Today));
        Assert.Null(EnergyPeriod.Containing(PeriodKind.Year, Today).Problem(Today));
    }
}
