using Microsoft.Extensions.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>What the bus step checks before saving, in the form and again in <see cref="SiteCommissioning"/>: names, converter addresses (valid, unique), serial devices, <see cref="FieldLimits"/>.</summary>
public static class BusChecks
{
    public static IReadOnlyList<string> Check(IReadOnlyList<BusForm> buses, IStringLocalizer text)
    {
        var errors = new List<string>();
        if (buses.Count == 0)
        {
            errors.Add(text["Wizard.NoBus"]);
        }

        foreach (var bus in buses)
        {
            if (string.IsNullOrWhiteSpace(bus.Name))
            {
                errors.Add(text["Wizard.BusNameRequired"]);
            }

            if (bus.Kind == BusKind.Tcp && SiteRules.CanonicalHost(bus.Host?.Trim() ?? "") is null)
            {
                errors.Add(text["Wizard.BadHost", bus.Name, bus.Host ?? ""]);
            }

            if (bus.Kind == BusKind.Rtu && string.IsNullOrWhiteSpace(bus.Device))
            {
                errors.Add(text["Wizard.DeviceRequired", bus.Name]);
            }
        }

        foreach (var twice in buses.Where(b => !string.IsNullOrWhiteSpace(b.Name)).GroupBy(b => b.Name.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add(text["Wizard.BusNameTwice", twice.Key]);
        }

        // Compared as the site rules compare them: 192.168.1.050 is 192.168.1.50.
        foreach (var clash in buses.Where(b => b.Kind == BusKind.Tcp && SiteRules.CanonicalHost(b.Host?.Trim() ?? "") is not null)
                     .GroupBy(b => (Host: SiteRules.CanonicalHost(b.Host!.Trim())!, Port: b.Port ?? SiteRules.DefaultModbusPort))
                     .Where(g => g.Count() > 1))
        {
            errors.Add(text["Wizard.HostTwice", $"{clash.Key.Host}:{clash.Key.Port}", string.Join(", ", clash.Select(b => b.Name))]);
        }

        errors.AddRange(buses.SelectMany(bus => FieldLimits.Check(bus, text)));
        return errors.Distinct().ToList();
    }
}
