using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Accounts;

/// <summary>
/// The EF-backed user store behind ASP.NET Core's <see cref="UserManager{TUser}"/> (the
/// Identity EF package does not restore here, STACK.md). One DbContext per operation, so
/// it is safe in long-lived Blazor circuits.
/// </summary>
public sealed class PortalUserStore(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock) :
    IUserPasswordStore<PortalUser>,
    IUserEmailStore<PortalUser>,
    IUserSecurityStampStore<PortalUser>,
    IUserLockoutStore<PortalUser>,
    IUserRoleStore<PortalUser>
{
    public async Task<IdentityResult> CreateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        user.CreatedUtc = clock.GetUtcNow().UtcDateTime;
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));
        }

        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Attach records the stamp the caller read as the original value, so a concurrent
        // change makes this update fail instead of silently overwriting it.
        db.Attach(user);
        db.Entry(user).State = EntityState.Modified;
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }

        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(PortalUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public Task<PortalUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Guid.TryParse(userId, out var id) ? FindAsync(u => u.Id == id, cancellationToken) : Task.FromResult<PortalUser?>(null);

    public Task<PortalUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindAsync(u => u.NormalizedEmail == normalizedUserName, cancellationToken);

    public Task<PortalUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        FindAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);

    public Task<string> GetUserIdAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString());

    // The e-mail address is the user name.
    public Task<string?> GetUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task SetUserNameAsync(PortalUser user, string? userName, CancellationToken cancellationToken)
    {
        user.Email = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(PortalUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public Task SetEmailAsync(PortalUser user, string? email, CancellationToken cancellationToken) => SetUserNameAsync(user, email, cancellationToken);

    public Task<string?> GetEmailAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task<bool> GetEmailConfirmedAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(PortalUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetNormalizedEmailAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(PortalUser user, string? normalizedEmail, CancellationToken cancellationToken) =>
        SetNormalizedUserNameAsync(user, normalizedEmail, cancellationToken);

    public Task SetPasswordHashAsync(PortalUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(PortalUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(PortalUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(PortalUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public async Task AddToRoleAsync(PortalUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.Role == role, cancellationToken))
        {
            db.UserRoles.Add(new PortalUserRole { UserId = user.Id, Role = role });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task RemoveFromRoleAsync(PortalUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.UserRoles.Where(r => r.UserId == user.Id && r.Role == role).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IList<string>> GetRolesAsync(PortalUser user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserRoles.Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync(cancellationToken);
    }

    public async Task<bool> IsInRoleAsync(PortalUser user, string roleName, CancellationToken cancellationToken) =>
        (await GetRolesAsync(user, cancellationToken)).Contains(CanonicalRole(roleName));

    public async Task<IList<PortalUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Roles.Any(r => r.Role == role)).ToListAsync(cancellationToken);
    }

    public void Dispose()
    {
        // Contexts are created and disposed per operation.
    }

    // UserManager passes normalised (upper-case) role names; we store the canonical spelling.
    private static string CanonicalRole(string roleName) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"Unknown role '{roleName}'. Known roles: {string.Join(", ", Roles.All)}.");

    private async Task<PortalUser?> FindAsync(System.Linq.Expressions.Expression<Func<PortalUser, bool>> predicate, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(predicate, cancellationToken);
    }
}
