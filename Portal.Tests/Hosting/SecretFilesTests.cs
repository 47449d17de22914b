using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Hosting;

/// <summary>What the portal keeps secret on disk is readable by its own user only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFilesTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode WorldReadable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _data = RepositoryPaths.NewTempDirectory("secrets");

    [Fact]
    public async Task Demo_accounts_file_is_0600_and_the_key_folder_0700_also_when_they_existed_world_readable()
    {
        var accounts = Path.Combine(_data, "demo-accounts.txt");
        var keys = Path.Combine(_data, "keys");
        await using (var fresh = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true"))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(accounts));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(keys));
        }

        // Left world-readable by an earlier version: narrowed at the next start.
        File.SetUnixFileMode(accounts, WorldReadable);
        File.SetUnixFileMode(keys, WorldReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        await using (var again = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true"))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(accounts));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(keys));
        }
    }

    [Fact]
    public async Task The_demo_configuration_is_recorded_as_pushed_once_and_not_again_at_the_next_start()
    {
        await using (var first = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true"))
        {
        }

        await using var second = await PortalServer.StartAsync($"--Portal:DataDirectory={_data}", "--Portal:Demo:Seed=true");
        await using var db = await second.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var gateway = await db.Gateways.SingleAsync(g => g.Id == DemoSeeder.GatewayId);

        Assert.Equal(1, gateway.ConfigVersion);
        var pushed = Portal.Contracts.Mqtt.ContractParser.ParseConfig(System.Text.Encoding.UTF8.GetBytes(gateway.PushedConfig!)).Value!;
        Assert.Equal(1, pushed.Version);
        Assert.Equal(10, pushed.Polling!.Meters.Count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
