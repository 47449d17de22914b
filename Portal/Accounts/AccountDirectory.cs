using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;

namespace Portal.Accounts;

/// <summary>A row of the administrator's account list.</summary>
public sealed record AccountSummary(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, bool TwoFactorEnabled, bool Disabled = false);

/// <summary>What the administrator changes on an account.</summary>
public sealed record AccountEdit(string Email, string DisplayName, string Role);

/// <summary>What the administrator fills in to open an account.</summary>
public sealed record NewAccount(string Email, string DisplayName, string Role, string Password);

/// <summary>
/// Creates and lists accounts. Only administrators reach it through the UI; the CLI uses it for the first one.
/// Each operation takes its own scope (so its own Identity store and DbContext): the account page
/// lives in a long Blazor circuit, where one context would keep stale rows.
/// </summary>
public sealed class AccountDirectory(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text,
    AccountInvitations invitations)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled, u.DisabledUtc })
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
                u.TwoFactorEnabled,
                u.DisabledUtc is not null))
            .ToList();
    }

    /// <summary>Creates the account; the errors are ready to show next to the form.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(NewAccount account)
    {
        var problems = Problems(account.Email, account.DisplayName, account.Role);
        if (problems.Count > 0)
        {
            return problems;
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
    /// Opens an account without a password, with a one-time link for its first one (an invited resident); the link
    /// is null when the errors (ready to show) say why nothing was created.
    /// </summary>
    public async Task<(InvitationLink? Link, Guid? UserId, IReadOnlyList<string> Errors)> InviteAsync(string email, string displayName, string role)
    {
        var problems = Problems(email, displayName, role);
        if (problems.Count > 0)
        {
            return (null, null, problems);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = PortalUser.Create(email.Trim(), displayName.Trim(), clock.GetUtcNow().UtcDateTime);
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, role);
        }

        if (!created.Succeeded)
        {
            return (null, null, created.Errors.Select(e => e.Description).Distinct().ToList());
        }

        return (await invitations.CreateAsync(user.Id, InvitationPurpose.Invitation), user.Id, []);
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

    /// <summary>
    /// What is wrong with an account's address, name and role (none when valid), ready to show. The forms check the
    /// same limits; this is the check that holds whatever the form sent.
    /// </summary>
    public IReadOnlyList<string> Problems(string email, string displayName, string role)
    {
        var problems = new List<string>();
        var address = email.Trim();
        if (address.Length == 0 || address.Length > PortalUser.EmailMaxLength || !new EmailAddressAttribute().IsValid(address))
        {
            problems.Add(text["Account.EmailInvalid", PortalUser.EmailMaxLength]);
        }

        if (displayName.Trim().Length == 0)
        {
            problems.Add(text["Account.NameRequired"]);
        }
        else if (displayName.Trim().Length > PortalUser.DisplayNameMaxLength)
        {
            problems.Add(text["Account.NameTooLong", PortalUser.DisplayNameMaxLength]);
        }

        if (!Roles.IsKnown(role))
        {
            problems.Add(text["Account.RoleUnknown", role]);
        }

        return problems;
    }

    /// <summary>
    /// Changes the address, name and role; a new role ends the account's open sessions (its role claims change).
    /// Administrators cannot take their own administrator role away.
    /// </summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(Guid id, AccountEdit edit, Guid actingUserId)
    {
        var problems = Problems(edit.Email, edit.DisplayName, edit.Role);
        if (problems.Count > 0)
        {
            return problems;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return [text["Account.Unknown"]];
        }

        var roles = await users.GetRolesAsync(user);
        var roleChanges = roles.Count != 1 || roles[0] != edit.Role;
        if (roleChanges && id == actingUserId)
        {
            return [text["Account.OwnRole"]];
        }

        var email = edit.Email.Trim();
        user.DisplayName = edit.DisplayName.Trim();
        if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            user.Email = email;
            user.UserName = email;
        }

        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return updated.Errors.Select(e => e.Description).Distinct().ToList();
        }

        if (roleChanges)
        {
            var removed = await users.RemoveFromRolesAsync(user, roles);
            var added = removed.Succeeded ? await users.AddToRoleAsync(user, edit.Role) : removed;
            if (!added.Succeeded)
            {
                return added.Errors.Select(e => e.Description).ToList();
            }

            await users.UpdateSecurityStampAsync(user);
        }

        return [];
    }

    /// <summary>
    /// Disables the account (it cannot sign in, its open sessions end: new security stamp) or enables it again.
    /// Nobody disables their own account.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetDisabledAsync(Guid id, bool disabled, Guid actingUserId)
    {
        if (id == actingUserId)
        {
            return [text["Account.OwnAccount"]];
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return [text["Account.Unknown"]];
        }

        user.DisabledUtc = disabled ? clock.GetUtcNow().UtcDateTime : null;
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded && disabled)
        {
            updated = await users.UpdateSecurityStampAsync(user);
        }

        return updated.Succeeded ? [] : updated.Errors.Select(e => e.Description).ToList();
    }

    /// <summary>
    /// Deletes an account that nothing refers to. An owner of sites or a resident with an occupancy history is
    /// disabled instead (the history is what billing splits by). Nobody deletes their own account.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(Guid id, Guid actingUserId)
    {
        if (id == actingUserId)
        {
            return [text["Account.OwnAccount"]];
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            if (await db.Sites.AnyAsync(s => s.OwnerId == id) || await db.Occupancies.AnyAsync(o => o.ResidentId == id))
            {
                return [text["Account.InUse"]];
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return [text["Account.Unknown"]];
        }

        var deleted = await users.DeleteAsync(user);
        return deleted.Succeeded ? [] : deleted.Errors.Select(e => e.Description).ToList();
    }

    /// <summary>A one-time link with which the person sets a new password; the old one keeps working until then.</summary>
    public Task<InvitationLink> ResetPasswordAsync(Guid id) => invitations.CreateAsync(id, InvitationPurpose.PasswordReset);

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
