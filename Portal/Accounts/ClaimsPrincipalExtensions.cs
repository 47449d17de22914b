using System.Security.Claims;

namespace Portal.Accounts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; every per-user query is scoped by it on the server.</summary>
    public static Guid PortalUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The request has no signed-in user.");
}
