using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Portal.Accounts;

/// <summary>What a person needs to add the portal to an authenticator app.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string Uri, string QrCodeSvg);

/// <summary>
/// Authenticator-app two-factor sign-in for one user (TOTP, RFC 6238, through Identity's
/// authenticator token provider): the key to enrol, turning it on with a code, recovery codes,
/// turning it off and resetting the key. Every change renews the security stamp, so other open
/// sessions of the user end; the caller's own sign-in is refreshed.
/// </summary>
public sealed class AuthenticatorEnrolment(UserManager<PortalUser> users, SignInManager<PortalUser> signIn)
{
    public const string Issuer = "Energy Portal";
    public const int RecoveryCodeCount = 10;

    public async Task<AuthenticatorSetup> SetupAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user)
                ?? throw new InvalidOperationException("The authenticator key was not stored.");
        }

        var uri = AuthenticatorUri(user.Email ?? user.UserName ?? "", key);
        return new AuthenticatorSetup(FormatKey(key), uri, AuthenticatorQrCode.Svg(uri));
    }

    /// <summary>The key-uri format authenticator apps read from the QR code.</summary>
    public static string AuthenticatorUri(string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>Groups of four, lower case: easier to type into an app than one long run.</summary>
    public static string FormatKey(string key)
    {
        var formatted = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                formatted.Append(' ');
            }

            formatted.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return formatted.ToString().ToLowerInvariant();
    }

    /// <summary>Spaces and dashes people type between the digits of an authenticator code are ignored.</summary>
    public static string CleanCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    /// <summary>Recovery codes keep their dash (xxxxx-xxxxx); only spaces around and inside are dropped.</summary>
    public static string CleanRecoveryCode(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();

    /// <summary>Turns two-factor sign-in on when <paramref name="code"/> is right; answers the recovery codes to show once, or null.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(PortalUser user, string? code)
    {
        var token = CleanCode(code);
        if (token.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, token))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await signIn.RefreshSignInAsync(user);
        return codes?.ToList() ?? [];
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(PortalUser user)
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return codes?.ToList() ?? [];
    }

    public Task<int> RecoveryCodesLeftAsync(PortalUser user) => users.CountRecoveryCodesAsync(user);

    public async Task DisableAsync(PortalUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await signIn.RefreshSignInAsync(user);
    }

    /// <summary>A new key: the old app entry stops working and two-factor sign-in is off until enrolled again.</summary>
    public async Task ResetAsync(PortalUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
    }
}
