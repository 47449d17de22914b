using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Accounts;

/// <summary>An account offered in a picker (a site's owner, a site's installer): its id and "Name &lt;e-mail&gt;".</summary>
public sealed record AccountChoice(Guid Id, string Name)
{
    /// <summary>Every account holding <paramref name="role"/>, by name.</summary>
    public static async Task<List<AccountChoice>> InRoleAsync(PortalDbContext db, string role, CancellationToken ct)
    {
        var roleId = Roles.IdOf(role);
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId))
            .OrderBy(u => u.DisplayName)
            .Select(u => new AccountChoice(u.Id, u.DisplayName + " <" + u.Email + ">"))
            .ToListAsync(ct);
    }
}
