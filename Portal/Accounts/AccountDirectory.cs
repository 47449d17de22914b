using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Accounts;

/// <summary>A row of the administrator's account list.</summary>
public sealed record AccountSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, bool TwoFactorEnabled);

/// <summary>What the administrator fills in to open an account.</summary>
public sealed record NewAccount(string Email, string DisplayName, string Role, string Password);

/// <summary>
/// Creates and lists accounts. Only administrators reach it through the UI; the CLI uses it for the first one.
/// Each operation takes its own scope (so its own Identity store and DbContext): the account page
/// lives in a long Blazor circuit, where one context would keep stale rows.
/// </summary>
public sealed class AccountDirectory(IServiceScopeFactory scopes, IDbContextFactory<PortalDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled })
            .ToListAsync(ct);
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           select new { userRole.UserId, role.Name })
            .ToListAsync(ct);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = clock.GetUtcNow();
        return users
            .Select(u => new AccountSummary(
                u.Id,
                u.Email ?? "",
                u.DisplayName,
                rolesByUser[u.Id].Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd > now ? u.LockoutEnd : null,
                u.TwoFactorEnabled))
            .ToList();
    }

    /// <summary>Creates the account; the errors are ready to show next to the form.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(NewAccount account)
    {
        if (!Roles.IsKnown(account.Role))
        {
            return [$"Unknown role '{account.Role}'."];
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = PortalUser.Create(account.Email.Trim(), account.DisplayName.Trim(), clock.GetUtcNow().UtcDateTime);
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).Distinct().ToList();
        }

        var roled = await users.AddToRoleAsync(user, account.Role);
        return roled.Succeeded ? [] : roled.Errors.Select(e => e.Description).ToList();
    }

    /// <summary>
    /// Turns two-factor sign-in off and gives the account a new authenticator key (for a person who
    /// lost both the phone and the recovery codes); a role that requires it enrols again at the next
    /// sign-in. Other open sessions of the account end (new security stamp). False for an unknown address.
    /// </summary>
    public async Task<bool> ResetTwoFactorAsync(string email)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        return true;
    }

    public async Task UnlockAsync(Guid id)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(id.ToString());
        if (user is not null)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
    }
}
