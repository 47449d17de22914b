using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Portal.Commissioning;

/// <summary>
/// Marker for the commissioning texts in CommissioningResource.resx (English), .fr.resx and .de.resx:
/// validation messages, inspection hints, role and column names, report wording. Kept apart from
/// SharedResource so the wizard pages and these rules can change without touching each other's files.
/// </summary>
public sealed class CommissioningResource
{
    /// <summary>
    /// A localizer over these resources for callers without dependency injection (the parser's
    /// convenience overload, benchmarks); it follows <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>.
    /// </summary>
    public static IStringLocalizer<CommissioningResource> DefaultLocalizer { get; } =
        new StringLocalizer<CommissioningResource>(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}

internal static class LocalizerExtensions
{
    public static string Text(this IStringLocalizer localizer, string key, params object[] arguments) =>
        arguments.Length == 0 ? localizer[key].Value : localizer[key, arguments].Value;
}
