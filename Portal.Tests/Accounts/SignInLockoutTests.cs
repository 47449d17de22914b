using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>The sign-in form must not tell anyone which e-mail addresses have an account, not even a locked one.</summary>
public sealed partial class SignInLockoutTests : IAsyncLifetime
{
    private PortalServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PortalServer.StartAsync(builder => builder.Services.AddScoped<IPasswordHasher<PortalUser>, CountingHasher>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_locked_account_and_an_unknown_address_get_the_same_answer()
    {
        var locked = await LockedAccountAsync();
        using var client = _server.CreateClient();

        var forLocked = await ErrorAsync(client, locked, PortalServer.Password);
        var forUnknown = await ErrorAsync(client, $"nobody-{Guid.NewGuid():N}@test.example", PortalServer.Password);
        var forWrongPassword = await ErrorAsync(client, await _server.CreateAccountAsync(Roles.Owner), "wrong-password-123");

        Assert.NotEmpty(forUnknown);
        Assert.Equal(forUnknown, forLocked);
        Assert.Equal(forUnknown, forWrongPassword);
    }

    [Fact]
    public async Task A_locked_account_and_an_unknown_address_cost_one_password_check_like_a_wrong_password()
    {
        var locked = await LockedAccountAsync();
        var known = await _server.CreateAccountAsync(Roles.Owner);
        using var client = _server.CreateClient();

        // Time is what an attacker measures; a password check (PBKDF2) is nearly all of it.
        var forWrongPassword = await ChecksAsync(() => ErrorAsync(client, known, "wrong-password-123"));
        var forUnknown = await ChecksAsync(() => ErrorAsync(client, $"nobody-{Guid.NewGuid():N}@test.example", "wrong-password-123"));
        var forLocked = await ChecksAsync(() => ErrorAsync(client, locked, "wrong-password-123"));

        Assert.Equal(1, forWrongPassword);
        Assert.Equal(forWrongPassword, forUnknown);
        Assert.Equal(forWrongPassword, forLocked);
    }

    private static async Task<int> ChecksAsync(Func<Task> attempt)
    {
        var before = CountingHasher.Verifications;
        await attempt();
        return CountingHasher.Verifications - before;
    }

    /// <summary>Identity's own hasher, counting its verifications (one test server per test class, so the count is this class's).</summary>
    private sealed class CountingHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher<PortalUser>
    {
        private static int _verifications;
        private readonly PasswordHasher<PortalUser> _inner = new(options);

        public static int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private async Task<string> LockedAccountAsync()
    {
        var email = await _server.CreateAccountAsync(Roles.Owner);
        using var client = _server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await HttpSignIn.PostSignInAsync(client, email, "wrong-password-" + i);
        }

        return email;
    }

    private static async Task<string> ErrorAsync(HttpClient client, string email, string password)
    {
        var response = await HttpSignIn.PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(SignInError().Match(html).Groups["text"].Value).Trim();
    }

    [GeneratedRegex("data-test=\"signin-error\"[^>]*>(?:<[^>]+>)*(?<text>[^<]+)<")]
    private static partial Regex SignInError();
}
