using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>What the administrator does to accounts, and one-time password links, against the real Identity stores.</summary>
public sealed class AccountAdministrationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private PortalServer _server = null!;
    private Guid _administrator;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _administrator = await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Administrator));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private T Service<T>() where T : notnull => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<SignInResult> SignInAsync(string email, string password = PortalServer.Password)
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        // Runs the check Identity makes before every sign-in (password, two-factor, recovery code), then the password.
        return await signIn.CheckPasswordSignInAsync((await signIn.UserManager.FindByEmailAsync(email))!, password, lockoutOnFailure: false);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_account_without_a_name_is_refused(string name)
    {
        var errors = await Service<AccountDirectory>().CreateAsync(new NewAccount("nameless@test.example", name, Roles.Owner, PortalServer.Password));

        Assert.Equal(["Enter the person's name."], errors);
        Assert.DoesNotContain(await Service<AccountDirectory>().ListAsync(), a => a.Email == "nameless@test.example");
    }

    [Fact]
    public async Task Names_longer_than_200_characters_and_malformed_addresses_are_refused()
    {
        var errors = await Service<AccountDirectory>().CreateAsync(new NewAccount("not an address", new string('n', 201), Roles.Owner, PortalServer.Password));

        Assert.Equal(2, errors.Count);
        Assert.Contains("The name may have at most 200 characters.", errors);
        Assert.Contains(errors, e => e.Contains("valid e-mail address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_its_sessions_end_and_enabled_again_it_can()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        var id = await _server.IdOfAsync(email);
        var session = await _server.PrincipalAsync(email);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var revalidation = Assert.IsType<RevalidatingPortalAuthenticationState>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

        Assert.Empty(await Service<AccountDirectory>().SetDisabledAsync(id, disabled: true, _administrator));

        Assert.Equal(SignInResult.NotAllowed, await SignInAsync(email));
        Assert.False(await revalidation.IsCurrentAsync(session));
        Assert.True(Assert.Single(await Service<AccountDirectory>().ListAsync(), a => a.Id == id).Disabled);

        Assert.Empty(await Service<AccountDirectory>().SetDisabledAsync(id, disabled: false, _administrator));
        Assert.Equal(SignInResult.Success, await SignInAsync(email));
    }

    [Fact]
    public async Task An_administrator_neither_disables_deletes_nor_demotes_themself()
    {
        var me = _administrator;
        var email = (await Service<AccountDirectory>().ListAsync()).Single(a => a.Id == me).Email;

        Assert.NotEmpty(await Service<AccountDirectory>().SetDisabledAsync(me, disabled: true, me));
        Assert.NotEmpty(await Service<AccountDirectory>().DeleteAsync(me, me));
        Assert.NotEmpty(await Service<AccountDirectory>().UpdateAsync(me, new AccountEdit(email, "Me", Roles.Owner), me));
        Assert.Equal([Roles.Administrator], (await Service<AccountDirectory>().ListAsync()).Single(a => a.Id == me).Roles);
    }

    [Fact]
    public async Task Editing_changes_name_address_and_role_and_a_new_role_ends_open_sessions()
    {
        var email = await _server.CreateAccountAsync(Roles.Resident);
        var id = await _server.IdOfAsync(email);
        var session = await _server.PrincipalAsync(email);
        await using var scope = _server.App.Services.CreateAsyncScope();
        var revalidation = Assert.IsType<RevalidatingPortalAuthenticationState>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

        Assert.Equal(["Enter the person's name."], await Service<AccountDirectory>().UpdateAsync(id, new AccountEdit(email, "", Roles.Owner), _administrator));
        Assert.Empty(await Service<AccountDirectory>().UpdateAsync(id, new AccountEdit("renamed@test.example", "Renamed Person", Roles.Owner), _administrator));

        var account = (await Service<AccountDirectory>().ListAsync()).Single(a => a.Id == id);
        Assert.Equal(("renamed@test.example", "Renamed Person", Roles.Owner), (account.Email, account.DisplayName, Assert.Single(account.Roles)));
        Assert.False(await revalidation.IsCurrentAsync(session));
        Assert.Equal(SignInResult.Success, await SignInAsync("renamed@test.example"));
    }

    [Fact]
    public async Task An_unused_account_is_deleted_and_an_owner_of_sites_or_a_former_resident_is_kept()
    {
        var unused = await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Installer));
        var ownerEmail = await _server.CreateAccountAsync(Roles.Owner);
        var site = await _server.CreateOwnedSiteAsync(ownerEmail, "Apartment 1.1");
        var residentEmail = await _server.CreateAccountAsync(Roles.Resident);
        var owner = await _server.PrincipalAsync(ownerEmail);
        var point = (await Service<BillingPoints>().ForAsync(owner, site))!.Points.Single();
        Assert.True((await Service<BillingPoints>().LinkResidentAsync(owner, site, point.Id, new ResidentLink(residentEmail, "", new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1)))).Succeeded);

        Assert.Empty(await Service<AccountDirectory>().DeleteAsync(unused, _administrator));
        Assert.Contains("disable it", Assert.Single(await Service<AccountDirectory>().DeleteAsync(await _server.IdOfAsync(ownerEmail), _administrator)), StringComparison.Ordinal);
        Assert.Contains("disable it", Assert.Single(await Service<AccountDirectory>().DeleteAsync(await _server.IdOfAsync(residentEmail), _administrator)), StringComparison.Ordinal);
        Assert.Equal(3, (await Service<AccountDirectory>().ListAsync()).Count);
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        var link = await Service<AccountDirectory>().ResetPasswordAsync(await _server.IdOfAsync(email));
        var token = Token(link);

        Assert.Equal(email, await Service<AccountInvitations>().EmailOfAsync(token));
        Assert.Equal(["The two passwords differ."], await Service<AccountInvitations>().SetPasswordAsync(token, "a-new-long-passphrase", "another-passphrase"));
        Assert.NotEmpty(await Service<AccountInvitations>().SetPasswordAsync(token, "short", "short"));
        Assert.Empty(await Service<AccountInvitations>().SetPasswordAsync(token, "a-new-long-passphrase", "a-new-long-passphrase"));

        Assert.Equal(SignInResult.Success, await SignInAsync(email, "a-new-long-passphrase"));
        Assert.Equal(SignInResult.Failed, await SignInAsync(email));
        Assert.Null(await Service<AccountInvitations>().EmailOfAsync(token));
        Assert.NotEmpty(await Service<AccountInvitations>().SetPasswordAsync(token, "yet-another-passphrase", "yet-another-passphrase"));
    }

    [Fact]
    public async Task A_link_stops_working_when_it_expires_or_a_newer_one_is_made()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        var id = await _server.IdOfAsync(email);
        var first = Token(await Service<AccountDirectory>().ResetPasswordAsync(id));
        var second = Token(await Service<AccountDirectory>().ResetPasswordAsync(id));

        Assert.Null(await Service<AccountInvitations>().EmailOfAsync(first));
        Assert.Equal(email, await Service<AccountInvitations>().EmailOfAsync(second));
        _clock.Advance(AccountInvitations.ResetLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(await Service<AccountInvitations>().EmailOfAsync(second));
        Assert.NotEmpty(await Service<AccountInvitations>().SetPasswordAsync(second, "a-new-long-passphrase", "a-new-long-passphrase"));
        Assert.Null(await Service<AccountInvitations>().EmailOfAsync("made-up-token"));
    }

    private static string Token(InvitationLink link) => link.Path[(link.Path.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
}
