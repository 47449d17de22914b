using Microsoft.Extensions.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>What the bus step checks before saving: names, converter addresses (valid, unique), serial devices.</summary>
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
            else if (buses.Count(b => string.Equals(b.Name.Trim(), bus.Name.Trim(), StringComparison.OrdinalIgnoreCase)) > 1)
            {
                errors.Add(text["Wizard.BusNameTwice", bus.Name]);
            }

            if (bus.Kind == BusKind.Tcp && !System.Net.IPAddress.TryParse(bus.Host?.Trim(), out _))
            {
                errors.Add(text["Wizard.BadHost", bus.Name, bus.Host ?? ""]);
            }

            if (bus.Kind == BusKind.Rtu && string.IsNullOrWhiteSpace(bus.Device))
            {
                errors.Add(text["Wizard.DeviceRequired", bus.Name]);
            }
        }

        foreach (var clash in buses.Where(b => b.Kind == BusKind.Tcp && b.Host is not null)
                     .GroupBy(b => (Host: b.Host!.Trim(), b.Port))
                     .Where(g => g.Count() > 1))
        {
            errors.Add(text["Wizard.HostTwice", $"{clash.Key.Host}:{clash.Key.Port}", string.Join(", ", clash.Select(b => b.Name))]);
        }

        return errors.Distinct().ToList();
    }
}
