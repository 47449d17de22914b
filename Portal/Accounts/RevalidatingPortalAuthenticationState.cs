using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Accounts;

/// <summary>
/// Re-checks the signed-in user of a live Blazor circuit every few minutes, so a deleted
/// account or a changed password (new security stamp) ends open sessions too.
/// </summary>
public sealed class RevalidatingPortalAuthenticationState(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> options) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(5);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsCurrentAsync(authenticationState.User);

    /// <summary>True while the account exists and its security stamp is the one signed in with.</summary>
    internal async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        // A scope of its own: the circuit's services live as long as the circuit.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == user.SecurityStamp;
    }
}
