using Microsoft.AspNetCore.Identity;

namespace Portal.Accounts;

/// <summary>
/// Identity's sign-in check (every password, two-factor and recovery-code sign-in asks it): a disabled account may
/// not sign in. It then fails like a wrong password, so the page tells nobody that the address has an account.
/// </summary>
public sealed class ActiveAccountConfirmation : IUserConfirmation<PortalUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(user.DisabledUtc is null);
}
