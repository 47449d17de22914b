using Microsoft.Extensions.Configuration;
using Portal.Edge.Hosting;

namespace Portal.Tests.Edge.Hosting;

public sealed class EdgeSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly (string, string)[] Minimal =
        [("Edge:GatewayId", "gw-1"), ("Edge:SiteId", "s1"), ("Edge:DataDirectory", "/tmp/edge-x"), ("Mqtt:Host", "127.0.0.1")];

    [Fact]
    public void Minimal_settings_are_enough_and_defaults_are_safe()
    {
        var (settings, errors) = EdgeSettings.Read(Config(Minimal));

        Assert.Empty(errors);
        Assert.Equal(("gw-1", "s1", 1883, null, null, "edge-gw-1"), (settings!.GatewayId, settings.SiteId, settings.MqttPort, settings.MqttUsername, settings.MqttPassword, settings.MqttClientId));
    }

    [Fact]
    public void Every_invalid_setting_is_named_at_once()
    {
        var (settings, errors) = EdgeSettings.Read(Config(("Edge:SiteId", "a/b"), ("Mqtt:Port", "70000"), ("Mqtt:Password", "x"), ("Mqtt:TlsCaFile", "/nonexistent/ca.crt")));

        Assert.Null(settings);
        Assert.Collection(errors,
            e => Assert.StartsWith("Edge:GatewayId is required", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Edge:SiteId 'a/b' is not a valid id", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Edge:DataDirectory is required", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Host is required", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Port '70000' must be a number from 1 to 65535", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:Password is set but Mqtt:Username is not", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Mqtt:TlsCaFile '/nonexistent/ca.crt' does not exist", e, StringComparison.Ordinal));
    }

    [Fact]
    public void The_password_can_come_from_a_file_without_its_trailing_newline()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "s3cret\n");
        try
        {
            var (settings, errors) = EdgeSettings.Read(Config([.. Minimal, ("Mqtt:Username", "gw-1"), ("Mqtt:PasswordFile", file)]));

            Assert.Empty(errors);
            Assert.Equal("s3cret", settings!.MqttPassword);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Build_refuses_to_start_with_invalid_settings()
    {
        var error = Assert.Throws<EdgeSettingsException>(() => EdgeHost.Build(["--Edge:GatewayId=gw/1", "--Mqtt:Port=0"]));

        Assert.Contains(error.Problems, p => p.StartsWith("Edge:GatewayId 'gw/1'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Mqtt:Port '0'", StringComparison.Ordinal));
    }
}
