using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Commissioning;
using Portal.Hosting;
using Portal.Messaging;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Commissioning;

/// <summary>Gateway broker accounts against the real mosquitto: the file the portal writes, and what <c>ps</c> could see.</summary>
[Collection(ProcessPathCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BrokerAccountsTests
{
    [Fact]
    public async Task A_gateway_account_written_by_the_portal_lets_the_gateway_in_and_a_wrong_password_is_refused()
    {
        using var broker = MqttTestClients.StartBroker();
        var accounts = AccountsOn(broker);
        var mode = File.GetUnixFileMode(broker.PasswordFile);

        var credentials = await accounts.CreateAsync("gw-fresh");
        await using var gateway = await MqttTestClients.ConnectedAsync(
            MqttTestClients.Options(broker, "gw-fresh", credentials.Username, credentials.Password), MqttTestClients.Within(20));
        await using var wrong = new MqttConnection(MqttTestClients.Options(broker, "gw-wrong", credentials.Username, credentials.Password + "x"));
        wrong.Start();
        await wrong.WaitForStatusAsync(s => s.State == MqttConnectionState.Refused, MqttTestClients.Within(20));
        await using var portal = await MqttTestClients.ConnectedAsync(MqttTestClients.Options(broker, "portal-still-in"), MqttTestClients.Within(20));

        Assert.True(credentials.RegisteredWithBroker);
        Assert.True(gateway.IsConnected);
        Assert.True(portal.IsConnected, "the accounts already in the file are kept");
        Assert.Equal(mode, File.GetUnixFileMode(broker.PasswordFile));
    }

    [Fact]
    public async Task A_new_password_file_is_created_readable_by_its_owner_only()
    {
        var folder = RepositoryPaths.NewTempDirectory("passwd");
        var file = Path.Combine(folder, "passwords");

        await MosquittoPasswordFile.SetAsync(file, "gw-a", "first-secret");
        await MosquittoPasswordFile.SetAsync(file, "gw-b", "second-secret");
        await MosquittoPasswordFile.SetAsync(file, "gw-a", "third-secret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(["gw-a", "gw-b"], lines.Select(l => l.Split(':')[0]));
        Assert.All(lines, l => Assert.Matches(@"^[^:]+:\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$", l));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task No_program_the_portal_starts_for_a_gateway_account_gets_the_password_on_its_command_line()
    {
        using var broker = MqttTestClients.StartBroker();
        using var recorder = new ProcessRecorder("mosquitto_passwd", "kill");

        var credentials = await AccountsOn(broker).CreateAsync("gw-quiet");

        Assert.DoesNotContain(recorder.CommandLines(), line => line.Contains(credentials.Password, StringComparison.Ordinal));
        Assert.Contains(recorder.CommandLines(), line => line.StartsWith("kill -HUP", StringComparison.Ordinal));
    }

    private static BrokerAccounts AccountsOn(MosquittoBroker broker) => new(
        Options.Create(new PortalOptions { Broker = new BrokerSettings { AccountsFile = broker.PasswordFile, BrokerConfigFile = broker.ConfigPath } }),
        NullLogger<BrokerAccounts>.Instance);

    /// <summary>
    /// Puts pass-through shims for these programs first on PATH: each records its command line, as <c>ps</c> would
    /// show it to any local user, then runs the real program. PATH is restored on dispose.
    /// </summary>
    private sealed class ProcessRecorder : IDisposable
    {
        private readonly string _folder = RepositoryPaths.NewTempDirectory("shims");
        private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

        public ProcessRecorder(params string[] programs)
        {
            foreach (var program in programs)
            {
                var real = (_path ?? "").Split(':').Select(d => Path.Combine(d, program)).First(File.Exists);
                var shim = Path.Combine(_folder, program);
                File.WriteAllText(shim, $"#!/bin/sh\necho \"{program} $*\" >> '{Log}'\nexec '{real}' \"$@\"\n");
                File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Environment.SetEnvironmentVariable("PATH", $"{_folder}:{_path}");
        }

        private string Log => Path.Combine(_folder, "started.log");

        public string[] CommandLines() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("PATH", _path);
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>Tests that change the process's PATH run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessPathCollection
{
    public const string Name = "Process PATH";
}
