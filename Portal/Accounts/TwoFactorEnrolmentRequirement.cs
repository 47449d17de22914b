using System.Security.Claims;
using Microsoft.Extensions.Options;
using Portal.Hosting;

namespace Portal.Accounts;

/// <summary>
/// Sends a signed-in user whose role requires two-factor sign-in (<c>Portal:SignIn:RequireTwoFactorForRoles</c>)
/// and who has not enrolled an authenticator app to the enrolment page, whatever they ask for,
/// until they have. Only the account pages and the static files a page needs stay reachable.
/// </summary>
public sealed class TwoFactorEnrolmentRequirement(RequestDelegate next, IOptions<PortalOptions> options)
{
    public const string EnrolmentPath = "/account/security";

    private readonly IReadOnlyList<string> _roles = options.Value.SignIn.RolesRequiringTwoFactor();

    public Task InvokeAsync(HttpContext context)
    {
        if (!MustEnrol(context.User, _roles) || IsReachableBeforeEnrolment(context.Request.Path))
        {
            return next(context);
        }

        var returnUrl = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{EnrolmentPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }

    /// <summary>True for a signed-in user holding one of <paramref name="roles"/> without an enrolled authenticator.</summary>
    public static bool MustEnrol(ClaimsPrincipal user, IReadOnlyList<string> roles) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(PortalClaimsFactory.TwoFactorClaim) != "true"
        && roles.Any(user.IsInRole);

    /// <summary>True when one of <paramref name="userRoles"/> is listed in <paramref name="requiredRoles"/>.</summary>
    public static bool IsRequiredFor(IEnumerable<string> userRoles, IReadOnlyList<string> requiredRoles) =>
        userRoles.Any(r => requiredRoles.Contains(r, StringComparer.Ordinal));

    private static bool IsReachableBeforeEnrolment(PathString path) =>
        path.StartsWithSegments("/account")
        || path.StartsWithSegments("/culture")
        || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/error");
}
