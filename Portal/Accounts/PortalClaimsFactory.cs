using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Accounts;

/// <summary>Puts the user's roles (by the base class), display name and two-factor state into the sign-in cookie.</summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayNameClaim = "portal:display_name";

    /// <summary>"true" when the user has an authenticator app enrolled; read by <see cref="TwoFactorEnrolmentRequirement"/>.</summary>
    public const string TwoFactorClaim = "portal:two_factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(TwoFactorClaim, user.TwoFactorEnabled ? "true" : "false"));
        return identity;
    }
}
