using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Accounts;

namespace Portal.Api;

/// <summary>
/// Signs an API request in from <c>Authorization: Bearer &lt;token&gt;</c> (<see cref="ApiTokens"/>) as the token's
/// owner, with the same claims as their sign-in cookie (so <see cref="Sites.SiteAccess"/> decides as for a page). A
/// missing, unknown or revoked token, or a disabled account, is answered 401 with a JSON problem.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> claims) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var userId = await tokens.UserOfAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        var user = userId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || user.DisabledUtc is not null)
        {
            return AuthenticateResult.Fail("The token is not valid.");
        }

        var principal = await claims.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid API token is required.",
            detail: "Send Authorization: Bearer <token> with a token made on /account/api-tokens that is not revoked.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The API is for site owners.").ExecuteAsync(Context);
}
