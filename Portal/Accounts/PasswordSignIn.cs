using Microsoft.AspNetCore.Identity;

namespace Portal.Accounts;

/// <summary>
/// Signs in by e-mail address and password so that, seen from outside, an unknown address, a
/// locked account and a wrong password are alike: the same answer (<see cref="SignInResult.Failed"/>
/// for all three) and the same work, one password hash each. Identity alone answers an unknown
/// address and a locked account without hashing, quickly enough to tell which addresses have
/// accounts, and reports the lockout, which does so outright.
/// </summary>
public sealed class PasswordSignIn(SignInManager<PortalUser> signIn, UserManager<PortalUser> users)
{
    private static readonly PortalUser Nobody = new() { UserName = "nobody@invalid", Email = "nobody@invalid", DisplayName = "" };
    private static string? _nobodysHash;

    /// <summary>Succeeded, RequiresTwoFactor, or Failed (whatever the reason).</summary>
    public async Task<SignInResult> SignInAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            _nobodysHash ??= users.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
            users.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
            if (user is null)
            {
                return SignInResult.Failed;
            }
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded || result.RequiresTwoFactor ? result : SignInResult.Failed;
    }
}
