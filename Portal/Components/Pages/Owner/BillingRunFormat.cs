using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Billing;

namespace Portal.Components.Pages.Owner;

/// <summary>How the billing run pages write periods, energy, money and instants, in the reader's culture.</summary>
public static class BillingRunFormat
{
    /// <summary>A month by its name, a quarter by its number, custom days by their first and last day.</summary>
    public static string Period(BillingPeriod period, IStringLocalizer text) => period.Kind switch
    {
        BillingPeriodKind.Month => period.Start.ToString("MMMM yyyy", CultureInfo.CurrentCulture),
        BillingPeriodKind.Quarter => text["BillingRuns.QuarterName", (period.Start.Month + 2) / 3, period.Start.Year],
        _ => Days(period.Start, period.LastDay),
    };

    public static string Days(DateOnly first, DateOnly last) => $"{Day(first)} – {Day(last)}";

    public static string Day(DateOnly day) => day.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>Wh as kWh with one to three decimals.</summary>
    public static string Kwh(long wh) => (wh / 1000m).ToString("#,##0.0##", CultureInfo.CurrentCulture);

    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>A stored UTC instant as the site's local date and time.</summary>
    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("g", CultureInfo.CurrentCulture);
}
