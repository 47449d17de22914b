using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>The static sign-in and account forms over plain HTTP: antiforgery, no echoed password, enrolment first.</summary>
public sealed class AccountFormTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync("--Portal:SignIn:RequireTwoFactorForRoles=Administrator,Installer");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_failed_sign_in_does_not_render_the_password_back()
    {
        using var client = _server.CreateClient();
        var email = await _server.CreateAccountAsync(Roles.Owner);

        var response = await HttpSignIn.PostSignInAsync(client, email, "wrong-but-secret-passphrase");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sign-in refused: the e-mail address or the password is wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-but-secret-passphrase", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_page_without_a_pending_sign_in_sends_back_to_sign_in()
    {
        using var client = _server.CreateClient();

        var response = await client.GetAsync("/account/login-2fa");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", new Uri(_server.BaseAddress, response.Headers.Location!).AbsolutePath);
    }

    [Theory]
    [InlineData(Roles.Administrator, "/admin")]
    [InlineData(Roles.Installer, "/installer")]
    public async Task An_account_that_must_enrol_reaches_nothing_but_the_enrolment_page(string role, string home)
    {
        using var client = _server.CreateClient();
        var signIn = await HttpSignIn.PostSignInAsync(client, await _server.CreateAccountAsync(role), PortalServer.Password);
        Assert.Equal("/account/security", new Uri(_server.BaseAddress, signIn.Headers.Location!).AbsolutePath);

        foreach (var path in new[] { home, "/" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/security", new Uri(_server.BaseAddress, response.Headers.Location!).AbsolutePath);
        }

        var enrolment = await client.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.OK, enrolment.StatusCode);
        Assert.Contains("data-test=\"two-factor-required\"", await enrolment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_recovery_codes_lock_the_account_like_wrong_passwords()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        string key;
        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }

        using var client = _server.CreateClient();
        var signIn = await HttpSignIn.PostSignInAsync(client, email, PortalServer.Password);
        Assert.Equal("/account/login-2fa", new Uri(_server.BaseAddress, signIn.Headers.Location!).AbsolutePath);
        var token = await HttpSignIn.AntiforgeryTokenAsync(client, "/account/login-2fa");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await PostAsync(client, token, "recovery-code", "RecoveryCode", $"WRONG-{attempt:00000}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await PostAsync(client, token, "authenticator-code", "Code", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp());

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("This account is locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_is_not_asked_to_enrol()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, await _server.CreateAccountAsync(Roles.Owner));

        var response = await client.GetAsync("/owner");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string form, string field, string value) =>
        client.PostAsync("/account/login-2fa", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = form,
            ["__RequestVerificationToken"] = token,
            [field] = value,
        }));
}
