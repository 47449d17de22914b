using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>Accounts on ASP.NET Core Identity's EF stores, against the real portal and its SQLite file.</summary>
public sealed class IdentityStoreTests : IAsyncLifetime
{
    private const int MaxFailedAttempts = 3;
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync($"--Portal:SignIn:MaxFailedAttempts={MaxFailedAttempts}");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Wrong_passwords_lock_the_account_until_the_administrator_unlocks_it()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
            var user = (await signIn.UserManager.FindByEmailAsync(email))!;
            for (var i = 0; i < MaxFailedAttempts; i++)
            {
                Assert.False((await signIn.CheckPasswordSignInAsync(user, "wrong-" + i, lockoutOnFailure: true)).Succeeded);
            }

            Assert.True((await signIn.CheckPasswordSignInAsync(user, PortalServer.Password, lockoutOnFailure: true)).IsLockedOut);
        }

        var directory = _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<AccountDirectory>();
        var listed = (await directory.ListAsync()).Single(a => a.Email == email);
        Assert.NotNull(listed.LockedUntil);

        await directory.UnlockAsync(listed.Id);

        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
            var user = (await signIn.UserManager.FindByEmailAsync(email))!;
            Assert.True((await signIn.CheckPasswordSignInAsync(user, PortalServer.Password, lockoutOnFailure: true)).Succeeded);
        }

        Assert.Null((await directory.ListAsync()).Single(a => a.Email == email).LockedUntil);
    }

    [Fact]
    public async Task The_four_roles_exist_and_memberships_are_stored_by_Identity()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;

        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), await roles.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        Assert.True(await users.IsInRoleAsync(user, Roles.Owner));
        Assert.False(await users.IsInRoleAsync(user, Roles.Administrator));
        Assert.True((await users.AddToRoleAsync(user, Roles.Resident)).Succeeded);
        Assert.Equal([Roles.Owner, Roles.Resident], (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal));
        Assert.Contains(await users.GetUsersInRoleAsync(Roles.Resident), u => u.Id == user.Id);
        Assert.Equal(email, user.UserName);
    }

    [Fact]
    public async Task An_account_with_an_unknown_role_is_not_created()
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        var errors = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
            .CreateAsync(new NewAccount("nobody@test.example", "Nobody", "Superuser", PortalServer.Password));

        Assert.Equal(["Unknown role 'Superuser'."], errors);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("nobody@test.example"));
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_is_refused()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        await using var scope = _server.App.Services.CreateAsyncScope();

        var errors = await scope.ServiceProvider.GetRequiredService<AccountDirectory>()
            .CreateAsync(new NewAccount(email.ToUpperInvariant(), "Twin", Roles.Resident, PortalServer.Password));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task A_changed_password_renews_the_security_stamp_and_ends_open_sessions()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var revalidation = Assert.IsType<RevalidatingPortalAuthenticationState>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        var user = (await signIn.UserManager.FindByEmailAsync(email))!;
        var session = await signIn.CreateUserPrincipalAsync(user);
        var stamp = user.SecurityStamp;
        Assert.True(await revalidation.IsCurrentAsync(session));

        Assert.True((await signIn.UserManager.ChangePasswordAsync(user, PortalServer.Password, "another-long-passphrase")).Succeeded);

        Assert.NotEqual(stamp, (await signIn.UserManager.FindByEmailAsync(email))!.SecurityStamp);
        Assert.False(await revalidation.IsCurrentAsync(session));
        Assert.True(await revalidation.IsCurrentAsync(await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!)));
    }

    [Fact]
    public async Task A_deleted_account_ends_open_sessions()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var revalidation = Assert.IsType<RevalidatingPortalAuthenticationState>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        var user = (await signIn.UserManager.FindByEmailAsync(email))!;
        var session = await signIn.CreateUserPrincipalAsync(user);

        Assert.True((await signIn.UserManager.DeleteAsync(user)).Succeeded);

        Assert.False(await revalidation.IsCurrentAsync(session));
    }

    [Fact]
    public async Task The_sign_in_cookie_carries_roles_display_name_and_two_factor_state()
    {
        var email = await _server.CreateAccountAsync(Roles.Installer);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);

        Assert.True(principal.IsInRole(Roles.Installer));
        Assert.Equal("Test Installer", principal.FindFirst(PortalClaimsFactory.DisplayNameClaim)?.Value);
        Assert.Equal("false", principal.FindFirst(PortalClaimsFactory.TwoFactorClaim)?.Value);
        Assert.True(TwoFactorEnrolmentRequirement.MustEnrol(principal, [Roles.Installer]));
        Assert.False(TwoFactorEnrolmentRequirement.MustEnrol(principal, [Roles.Administrator]));
    }
}
