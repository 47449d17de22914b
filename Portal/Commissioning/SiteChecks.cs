using Microsoft.Extensions.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>
/// What the site step checks before saving, in the form and again in <see cref="SiteCommissioning"/>: a name,
/// named grid connections, as many as the site type allows, and every field within <see cref="FieldLimits"/>.
/// </summary>
public static class SiteChecks
{
    public static IReadOnlyList<string> Check(SiteForm form, IStringLocalizer text)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            errors.Add(text["Wizard.NameRequired"]);
        }

        if (form.Connections.Count == 0 || form.Connections.Any(c => string.IsNullOrWhiteSpace(c.Name)))
        {
            errors.Add(text["Wizard.ConnectionNameRequired"]);
        }

        if (form.Type == SiteType.VirtualRcp && form.Connections.Count < 2)
        {
            errors.Add(text["Wizard.VirtualNeedsTwo"]);
        }

        if (form.Type is SiteType.StandardRcp or SiteType.Microgrid or SiteType.SingleConsumer && form.Connections.Count != 1)
        {
            errors.Add(text["Wizard.OneConnection"]);
        }

        errors.AddRange(new[]
        {
            FieldLimits.SiteName.Check(form.Name, text),
            FieldLimits.Address.Check(form.Address, text),
            FieldLimits.Choice("Wizard.TimeZone", form.TimeZone, SiteCommissioning.TimeZones, text),
            Enum.IsDefined(form.Type) ? null : FieldLimits.Choice("Wizard.SiteType", form.Type, Enum.GetValues<SiteType>(), text),
        }.OfType<string>());
        foreach (var connection in form.Connections)
        {
            errors.AddRange(new[]
            {
                FieldLimits.ConnectionName.Check(connection.Name, text),
                FieldLimits.MainFuse.Check(connection.MainFuseA, text),
                FieldLimits.DsoMeterNumber.Check(connection.DsoMeterNumber, text),
            }.OfType<string>());
        }

        return errors.Distinct().ToList();
    }
}
