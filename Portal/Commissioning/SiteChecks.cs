using Microsoft.Extensions.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>What the site step checks before saving: a name, named grid connections, as many as the site type allows.</summary>
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

        return errors;
    }
}
