using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Hosting;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>The way back for a person who lost the phone and the recovery codes: <c>Portal reset-two-factor</c>.</summary>
public sealed class TwoFactorResetTests : IDisposable
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("reset-2fa");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Reset_two_factor_turns_it_off_with_a_new_key_and_old_recovery_codes_stop_working()
    {
        string email, oldKey, recoveryCode;
        await using (var server = await PortalServer.StartAsync($"--Portal:DatabasePath={Path.Combine(_data, "portal.db")}"))
        {
            email = await server.CreateAccountAsync(Roles.Administrator);
            await using var scope = server.App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            oldKey = (await users.GetAuthenticatorKeyAsync(user))!;
            recoveryCode = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.First();
        }

        var outcome = await PortalProcess.RunAsync(["reset-two-factor", "--email", email, $"--Portal:DataDirectory={_data}"]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Contains($"Two-factor sign-in of {email} is off", outcome.Output, StringComparison.Ordinal);
        await using (var server = await PortalServer.StartAsync($"--Portal:DatabasePath={Path.Combine(_data, "portal.db")}"))
        {
            await using var scope = server.App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.False(user.TwoFactorEnabled);
            Assert.NotEqual(oldKey, await users.GetAuthenticatorKeyAsync(user));
            Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, recoveryCode)).Succeeded);
        }
    }

    [Fact]
    public async Task Reset_two_factor_of_an_unknown_address_fails_and_says_so()
    {
        var outcome = await PortalProcess.RunAsync(["reset-two-factor", "--email", "nobody@site.example", $"--Portal:DataDirectory={_data}"]);

        Assert.Equal(PortalCommandLine.CommandFailed, outcome.ExitCode);
        Assert.Contains("No account has the address nobody@site.example", outcome.Error, StringComparison.Ordinal);
    }
}
