using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Tests.Commissioning;

/// <summary>Real localizers over CommissioningResource pinned to one language, and a small site to check rows against.</summary>
internal static class CommissioningTestKit
{
    public static IStringLocalizer<CommissioningResource> English { get; } = In("en-CH");

    public static IStringLocalizer<CommissioningResource> French { get; } = In("fr-CH");

    public static IStringLocalizer<CommissioningResource> German { get; } = In("de-CH");

    public static readonly Guid Connection = Guid.Parse("11111111-1111-1111-1111-111111111111");

    public static BusSpec Converter1 { get; } = new("bus-c1", "Converter 1", BusKind.Tcp, "192.168.1.50", 502);

    public static BusSpec Converter2 { get; } = new("bus-c2", "Converter 2", BusKind.Tcp, "192.168.1.51", 502);

    public static BusSpec GatewayBus { get; } = new("bus-gw", "Gateway RS-485", BusKind.Rtu, null, null);

    public static SiteLayout Site(SiteType type = SiteType.StandardRcp, params ExistingMeter[] meters) =>
        new(type, [Converter1, Converter2, GatewayBus], [new GridConnectionSpec(Connection, "Main connection")], meters);

    public static MeterRow Row(
        int line,
        string name = "Apartment 1.1",
        string model = "SDM630",
        string ctRatio = "",
        string serial = "",
        string bus = "Converter 1",
        string unitId = "1",
        string role = "consumer",
        string billingPoint = "Apartment 1.1") =>
        new(line, name, model, ctRatio, serial, bus, unitId, role, billingPoint);

    public static IStringLocalizer<CommissioningResource> In(string culture) =>
        new FixedCulture<CommissioningResource>(
            new StringLocalizer<CommissioningResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)),
            new CultureInfo(culture));

    /// <summary>The pages' texts (SharedResource, where the wizard's field labels and limit messages are) in one culture.</summary>
    public static IStringLocalizer<Portal.Localization.SharedResource> SharedIn(string culture) =>
        new FixedCulture<Portal.Localization.SharedResource>(
            new StringLocalizer<Portal.Localization.SharedResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)),
            new CultureInfo(culture));

    /// <summary>Looks texts up in one culture whatever the test thread's culture is.</summary>
    private sealed class FixedCulture<TResource>(IStringLocalizer<TResource> inner, CultureInfo culture) : IStringLocalizer<TResource>
    {
        public LocalizedString this[string name] => In(() => inner[name]);

        public LocalizedString this[string name, params object[] arguments] => In(() => inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => In(() => inner.GetAllStrings(includeParentCultures).ToList());

        private T In<T>(Func<T> lookup)
        {
            var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            try
            {
                var result = lookup();
                if (result is LocalizedString { ResourceNotFound: true } missing)
                {
                    throw new KeyNotFoundException($"No text for '{missing.Name}' in {typeof(TResource).Name} ({culture.Name}).");
                }

                return result;
            }
            finally
            {
                CultureInfo.CurrentUICulture = ui;
                CultureInfo.CurrentCulture = format;
            }
        }
    }
}
