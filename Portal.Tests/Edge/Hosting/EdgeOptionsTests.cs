using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Edge.Hosting;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.Hosting;

public sealed class EdgeOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string)[] Minimal =
        [("Edge:GatewayId", "gw-1"), ("Edge:SiteId", "s1"), ("Edge:DataDirectory", "/tmp/edge-x"), ("Mqtt:Host", "127.0.0.1")];

    private static (EdgeOptions Edge, EdgeMqttOptions Mqtt) Bind(IConfiguration configuration) => new ServiceCollection().AddEdgeOptions(configuration);

    [Fact]
    public void Minimal_settings_are_enough_and_defaults_are_safe()
    {
        var (edge, mqtt) = Bind(Config(Minimal));

        Assert.Equal(("gw-1", "s1", 60), (edge.GatewayId, edge.SiteId, edge.HeartbeatSeconds));
        Assert.Equal((1883, null, null, 30), (mqtt.Port, mqtt.Username, mqtt.ResolvePassword(), mqtt.KeepAliveSeconds));
    }

    [Fact]
    public void Every_invalid_setting_is_named_at_once_by_its_full_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(Config(
            ("Edge:SiteId", "a/b"), ("Edge:DataDirectory", ""), ("Mqtt:Host", ""), ("Mqtt:Port", "70000"), ("Mqtt:Password", "x"), ("Mqtt:TlsCaFile", "/nonexistent/ca.crt"))));

        Assert.Collection(error.Failures.Order(StringComparer.Ordinal),
            e => Assert.StartsWith("Edge:DataDirectory = '': ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Edge:GatewayId = '': ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Edge:SiteId = 'a/b': not a valid id", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Host = '': ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Port = '70000': The field Port must be between 1 and 65535", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:TlsCaFile = '/nonexistent/ca.crt': file does not exist", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Username = '': a password needs a user name", e, StringComparison.Ordinal));
    }

    [Fact]
    public void The_password_can_come_from_a_file_without_its_trailing_newline()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "s3cret\n");
        try
        {
            var (_, mqtt) = Bind(Config([.. Minimal, ("Mqtt:Username", "gw-1"), ("Mqtt:PasswordFile", file)]));

            Assert.Equal("s3cret", mqtt.ResolvePassword());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_password_file_that_is_missing_and_a_password_given_twice_are_refused()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => Bind(Config([.. Minimal, ("Mqtt:Username", "gw-1"), ("Mqtt:PasswordFile", "/nonexistent/secret")])));
        var twice = Assert.Throws<OptionsValidationException>(() => Bind(Config([.. Minimal, ("Mqtt:Username", "gw-1"), ("Mqtt:Password", "x"), ("Mqtt:PasswordFile", "/etc/hostname")])));

        Assert.StartsWith("Mqtt:PasswordFile = '/nonexistent/secret': cannot be read", Assert.Single(missing.Failures), StringComparison.Ordinal);
        Assert.Contains("keep one", Assert.Single(twice.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_refuses_to_start_with_invalid_settings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => EdgeHost.Build(["--Edge:GatewayId=gw/1", "--Edge:SiteId=s1", "--Mqtt:Port=0"]));

        Assert.Contains(error.Failures, p => p.StartsWith("Edge:GatewayId = 'gw/1'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, p => p.StartsWith("Mqtt:Port = '0'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_executable_exits_with_code_2_and_names_the_invalid_setting()
    {
        var edge = Path.Combine(RepositoryPaths.Root, "Portal.Edge", "bin", RepositoryPaths.Configuration, "net10.0", "Portal.Edge");

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(edge, ["--Edge:GatewayId=gw-1", "--Edge:SiteId=s1", "--Edge:HeartbeatSeconds=1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Edge:HeartbeatSeconds = '1': The field HeartbeatSeconds must be between 5 and 3600.", error, StringComparison.Ordinal);
    }
}
