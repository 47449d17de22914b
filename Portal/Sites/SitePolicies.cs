using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Data;

namespace Portal.Sites;

/// <summary>
/// Authorization policies for pages and endpoints whose route names a site (<c>{siteId}</c>): the policy holds only
/// when <see cref="SiteAccess"/> lets the user at that site. A route without a site id, or naming a site that does
/// not exist, passes, and the page or endpoint answers "not found".
/// </summary>
public static class SitePolicies
{
    /// <summary>The installer who commissions the site (or a support installer).</summary>
    public const string Commission = "site-commission";

    /// <summary>The site's owner, or an administrator.</summary>
    public const string Manage = "site-manage";

    /// <summary>The site's owner or installer, or an administrator: the control settings.</summary>
    public const string Control = "site-control";

    public static void AddSitePolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Commission, policy => policy.RequireAuthenticatedUser().AddRequirements(new SiteRequirement(Commission)));
        options.AddPolicy(Manage, policy => policy.RequireAuthenticatedUser().AddRequirements(new SiteRequirement(Manage)));
        options.AddPolicy(Control, policy => policy.RequireAuthenticatedUser().AddRequirements(new SiteRequirement(Control)));
    }

    /// <summary>The site id in the route of an endpoint (HttpContext) or of a routed component (RouteData).</summary>
    internal static Guid? SiteIdOf(object? resource)
    {
        object? value = resource switch
        {
            HttpContext http => http.GetRouteValue("siteId"),
            Microsoft.AspNetCore.Components.RouteData route => route.RouteValues.FirstOrDefault(v => string.Equals(v.Key, "siteId", StringComparison.OrdinalIgnoreCase)).Value,
            _ => null,
        };
        return value switch
        {
            Guid id => id,
            string text when Guid.TryParse(text, out var parsed) => parsed,
            _ => null,
        };
    }
}

public sealed record SiteRequirement(string Policy) : IAuthorizationRequirement;

internal sealed class SiteAuthorizationHandler(IDbContextFactory<PortalDbContext> contexts, SiteAccess access) : AuthorizationHandler<SiteRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, SiteRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        Site? site = null;
        if (SitePolicies.SiteIdOf(context.Resource) is { } siteId)
        {
            await using var db = await contexts.CreateDbContextAsync();
            site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId);
        }

        // Without a site (none in the route, or an unknown one) the policy still needs its role.
        var allowed = requirement.Policy switch
        {
            SitePolicies.Commission => site is null ? context.User.IsInRole(Roles.Installer) : access.MayCommission(context.User, site),
            SitePolicies.Control => site is null
                ? context.User.IsInRole(Roles.Owner) || context.User.IsInRole(Roles.Installer) || context.User.IsInRole(Roles.Administrator)
                : access.MayControl(context.User, site),
            _ => site is null ? context.User.IsInRole(Roles.Owner) || context.User.IsInRole(Roles.Administrator) : access.MayManage(context.User, site),
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }
}
