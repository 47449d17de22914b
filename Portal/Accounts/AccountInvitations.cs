using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;

namespace Portal.Accounts;

/// <summary>A link made for a person: the path with its token, shown once to whoever made it.</summary>
public sealed record InvitationLink(string Email, string Path, DateTimeOffset ExpiresAt);

/// <summary>
/// One-time links to set a password: an invited resident's first one, or a reset by an administrator. The token
/// is a <see cref="SecretToken"/>: only its hash is stored; a link works once and until it expires. No e-mail is sent
/// yet: the person who made the link copies it to the person it is for.
/// </summary>
public sealed class AccountInvitations(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public const string PagePath = "/account/welcome";

    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    public static readonly TimeSpan ResetLifetime = TimeSpan.FromDays(2);

    /// <summary>A new link for the account; earlier unused links of the account stop working.</summary>
    public async Task<InvitationLink> CreateAsync(Guid userId, InvitationPurpose purpose, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        var now = clock.GetUtcNow();
        await db.AccountInvitations.Where(i => i.UserId == userId && i.UsedUtc == null).ExecuteDeleteAsync(ct);
        var token = SecretToken.New();
        var expires = now + (purpose == InvitationPurpose.Invitation ? InvitationLifetime : ResetLifetime);
        db.AccountInvitations.Add(new AccountInvitation
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = SecretToken.Hash(token),
            CreatedUtc = now.UtcDateTime,
            ExpiresUtc = expires.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return new InvitationLink(user.Email ?? "", $"{PagePath}?token={token}", expires);
    }

    /// <summary>The address the link is for, while it is valid; null for an unknown, used or expired link.</summary>
    public async Task<string?> EmailOfAsync(string? token, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await ValidAsync(db, token, ct);
        return invitation is null ? null : await db.Users.Where(u => u.Id == invitation.UserId).Select(u => u.Email).SingleAsync(ct);
    }

    /// <summary>
    /// Sets the account's password from a valid link and uses the link up; the errors are ready to show. Other sessions
    /// of the account end (new security stamp).
    /// </summary>
    public async Task<IReadOnlyList<string>> SetPasswordAsync(string? token, string password, string confirmation, CancellationToken ct = default)
    {
        if (password != confirmation)
        {
            return [text["Welcome.Mismatch"]];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await ValidAsync(db, token, ct);
        if (invitation is null)
        {
            return [text["Welcome.Invalid"]];
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(invitation.UserId.ToString());
        if (user is null || user.DisabledUtc is not null)
        {
            return [text["Welcome.Invalid"]];
        }

        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, password);
            if (!checkedPassword.Succeeded)
            {
                return checkedPassword.Errors.Select(e => e.Description).Distinct().ToList();
            }
        }

        // Used up first, so two posts of the same link cannot both set a password.
        var used = await db.AccountInvitations
            .Where(i => i.Id == invitation.Id && i.UsedUtc == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedUtc, clock.GetUtcNow().UtcDateTime), ct);
        if (used == 0)
        {
            return [text["Welcome.Invalid"]];
        }

        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }

        Check(await users.AddPasswordAsync(user, password));
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        return [];
    }

    private async Task<AccountInvitation?> ValidAsync(PortalDbContext db, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretToken.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.AccountInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash && i.UsedUtc == null && i.ExpiresUtc > now, ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
