using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Portal.Localization;

/// <summary>The languages the portal speaks, and how amounts and energy are written in each.</summary>
public static class PortalCultures
{
    public static IReadOnlyList<string> Supported { get; } = ["en-CH", "fr-CH", "de-CH"];

    /// <summary>Native names for the language switch.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "fr-CH" => "Français",
        "de-CH" => "Deutsch",
        _ => "English",
    };

    /// <summary>"CHF 1’234.50" (de-CH), "CHF 1 234,50" (fr-CH), "CHF 1’234.50" (en-CH).</summary>
    public static string Chf(decimal amount, IFormatProvider? culture = null) =>
        string.Create(culture ?? CultureInfo.CurrentCulture, $"CHF {amount:N2}");

    /// <summary>Energy in kWh with the precision a bill shows.</summary>
    public static string Kwh(decimal kwh, IFormatProvider? culture = null) =>
        string.Create(culture ?? CultureInfo.CurrentCulture, $"{kwh:N1} kWh");

    /// <summary>
    /// Where instants that belong to no site (an account's lockout, a sign-in) are shown. Accounts
    /// carry no zone of their own, and every zone a site may have (SiteCommissioning.TimeZones)
    /// keeps Central European time, so this is the readers' clock; the server's own zone (UTC) is not.
    /// </summary>
    public static TimeZoneInfo AccountZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    /// <summary>An instant shown in the site's (or the viewer's) time zone, in the user's culture.</summary>
    public static string LocalDateTime(DateTimeOffset instant, TimeZoneInfo zone, IFormatProvider? culture = null) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("g", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A recent instant as a time with seconds, for live values.</summary>
    public static string LocalTime(DateTimeOffset instant, TimeZoneInfo zone, IFormatProvider? culture = null) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("T", culture ?? CultureInfo.CurrentCulture);

    /// <summary>Picks our culture for the browser's language, whatever its region ("fr-FR" gives fr-CH).</summary>
    public sealed class BrowserLanguage : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var languages = httpContext.Request.GetTypedHeaders().AcceptLanguage ?? [];
            foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
            {
                var prefix = language.Value.Value?.Split('-')[0];
                var match = Supported.FirstOrDefault(c => c.StartsWith(prefix + "-", StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(match));
                }
            }

            return NullProviderCultureResult;
        }
    }
}
