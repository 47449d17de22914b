using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Accounts;

/// <summary>A row of the administrator's account list.</summary>
public sealed record AccountSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil);

/// <summary>What the administrator fills in to open an account.</summary>
public sealed record NewAccount(string Email, string DisplayName, string Role, string Password);

/// <summary>Creates and lists accounts. Only administrators reach it through the UI; the CLI uses it for the first one.</summary>
public sealed class AccountDirectory(UserManager<PortalUser> users, IDbContextFactory<PortalDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, Roles = u.Roles.Select(r => r.Role).ToList() })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows
            .Select(r => new AccountSummary(r.Id, r.Email, r.DisplayName, r.Roles, r.LockoutEnd > now ? r.LockoutEnd : null))
            .ToList();
    }

    /// <summary>Creates the account; the errors are ready to show next to the form.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(NewAccount account)
    {
        if (!Roles.IsKnown(account.Role))
        {
            return [$"Unknown role '{account.Role}'."];
        }

        var user = new PortalUser { Email = account.Email.Trim(), DisplayName = account.DisplayName.Trim() };
        var created = await users.CreateAsync(user, account.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).ToList();
        }

        var roled = await users.AddToRoleAsync(user, account.Role);
        return roled.Succeeded ? [] : roled.Errors.Select(e => e.Description).ToList();
    }

    public async Task UnlockAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is not null)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
    }
}
