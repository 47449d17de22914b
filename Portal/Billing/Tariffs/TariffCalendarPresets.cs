namespace Portal.Billing.Tariffs;

/// <summary>A named starting point for a site's HT/NT calendar.</summary>
public sealed record TariffCalendarPreset(string Key, TariffCalendar Calendar);

/// <summary>
/// Calendars an owner starts from (ZEV-16) and then adjusts to the DSO's current tariff sheet. Holidays are dates,
/// so the presets that have them list the Swiss holidays of the year asked for (New Year, Berchtoldstag, Good Friday,
/// Easter Monday, Ascension, Whit Monday, 1 August, Christmas, St Stephen's Day); the DSO's list is the one that counts.
/// </summary>
public static class TariffCalendarPresets
{
    public const string WinterthurKey = "Winterthur";
    public const string EschlikonKey = "Eschlikon";
    public const string SingleTariffKey = "SingleTariff";

    public static IReadOnlyList<string> Keys { get; } = [WinterthurKey, EschlikonKey, SingleTariffKey];

    /// <summary>Stadtwerk Winterthur: HT Monday to Friday 07-20 and Saturday 07-13.</summary>
    public static TariffCalendar Winterthur() =>
        new([.. Weekdays(new TimeOnly(7, 0), new TimeOnly(20, 0)), new HighTariffWindow(DayOfWeek.Saturday, new TimeOnly(7, 0), new TimeOnly(13, 0))], []);

    /// <summary>Technische Werke Eschlikon: HT Monday to Friday 07-20; the listed holidays are NT.</summary>
    public static TariffCalendar Eschlikon(int year) => new(Weekdays(new TimeOnly(7, 0), new TimeOnly(20, 0)), SwissHolidays(year));

    /// <summary>No NT at all: every day is one HT window from midnight to midnight.</summary>
    public static TariffCalendar SingleTariff() =>
        new(Enumerable.Range(0, 7).Select(i => new HighTariffWindow(TariffCalendar.DayOf(i), TimeOnly.MinValue, TimeOnly.MinValue)), []);

    /// <summary>The preset named <paramref name="key"/> for <paramref name="year"/>; null for an unknown key.</summary>
    public static TariffCalendar? Of(string key, int year) => key switch
    {
        WinterthurKey => Winterthur(),
        EschlikonKey => Eschlikon(year),
        SingleTariffKey => SingleTariff(),
        _ => null,
    };

    /// <summary>The holidays observed across Switzerland (national day and the common Christian holidays).</summary>
    public static IReadOnlyList<DateOnly> SwissHolidays(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new DateOnly(year, 1, 1),
            new DateOnly(year, 1, 2),
            easter.AddDays(-2),
            easter.AddDays(1),
            easter.AddDays(39),
            easter.AddDays(50),
            new DateOnly(year, 8, 1),
            new DateOnly(year, 12, 25),
            new DateOnly(year, 12, 26),
        ];
    }

    /// <summary>Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static IEnumerable<HighTariffWindow> Weekdays(TimeOnly from, TimeOnly until) =>
        Enumerable.Range(0, 5).Select(i => new HighTariffWindow(TariffCalendar.DayOf(i), from, until));
}
