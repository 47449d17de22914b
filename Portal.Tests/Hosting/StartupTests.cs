using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Hosting;
using Portal.Tests.Support;

namespace Portal.Tests.Hosting;

/// <summary>The executable as an operator starts it: bad settings stop it with a message naming them.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("startup");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Theory]
    [InlineData("--Portal:SignIn:LockoutMinutes=0", "Portal:SignIn:LockoutMinutes")]
    [InlineData("--Portal:SignIn:MaxFailedAttempts=many", "Portal:SignIn:MaxFailedAttempts")]
    [InlineData("--Portal:DefaultCulture=it-IT", "Portal:DefaultCulture")]
    [InlineData("--Portal:DataDirectory=", "Portal:DataDirectory")]
    public async Task Starting_with_an_invalid_setting_exits_non_zero_naming_the_setting(string setting, string key)
    {
        var outcome = await PortalProcess.RunAsync([$"--Portal:DataDirectory={_data}", "--urls=http://127.0.0.1:0", setting]);

        Assert.Equal(PortalCommandLine.InvalidConfiguration, outcome.ExitCode);
        Assert.Contains(key, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_setting_stops_start_up_before_the_database_is_touched()
    {
        await PortalProcess.RunAsync([$"--Portal:DataDirectory={_data}", "--urls=http://127.0.0.1:0", "--Portal:SignIn:LockoutMinutes=0"]);

        Assert.False(File.Exists(Path.Combine(_data, "portal.db")));
    }

    [Fact]
    public async Task Create_admin_reads_the_password_from_standard_input_and_the_admin_can_sign_in()
    {
        var outcome = await PortalProcess.RunAsync(
            ["create-admin", "--email", "root@site.example", "--name", "Root", $"--Portal:DataDirectory={_data}"],
            standardInput: "a-long-admin-passphrase");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        await using var server = await PortalServer.StartAsync($"--Portal:DatabasePath={Path.Combine(_data, "portal.db")}");
        using var client = server.CreateClient();
        var signIn = await HttpSignIn.PostSignInAsync(client, "root@site.example", "a-long-admin-passphrase");
        Assert.Equal("/admin", new Uri(server.BaseAddress, signIn.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Create_admin_refuses_a_password_shorter_than_the_policy_and_creates_nothing()
    {
        var outcome = await PortalProcess.RunAsync(
            ["create-admin", "--email", "root@site.example", $"--Portal:DataDirectory={_data}"],
            standardInput: "short");

        Assert.Equal(PortalCommandLine.CommandFailed, outcome.ExitCode);
        // The command line speaks English (the invariant culture): the portal's own wording of the policy.
        Assert.Contains("The password must have at least 10 characters", outcome.Error, StringComparison.Ordinal);
        await using var server = await PortalServer.StartAsync($"--Portal:DatabasePath={Path.Combine(_data, "portal.db")}");
        await using var scope = server.App.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("root@site.example"));
    }

    [Fact]
    public async Task Demo_seeding_twice_keeps_the_same_accounts_and_passwords()
    {
        await using (var first = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true"))
        {
        }

        var credentials = await File.ReadAllLinesAsync(Path.Combine(_data, "demo-accounts.txt"));
        await using var second = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true");
        using var client = second.CreateClient();
        var owner = credentials.Select(l => l.Split('\t')).Single(p => p[0] == Roles.Owner);
        var signIn = await HttpSignIn.PostSignInAsync(client, owner[1], owner[2]);

        Assert.Equal(4, credentials.Length);
        Assert.Equal("/owner", new Uri(second.BaseAddress, signIn.Headers.Location!).AbsolutePath);
    }
}
