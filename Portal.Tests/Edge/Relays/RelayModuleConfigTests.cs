using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Configuration;

namespace Portal.Tests.Edge.Relays;

/// <summary>Relay modules from the portal's control config, mapped onto the polling buses and validated.</summary>
public sealed class RelayModuleConfigTests
{
    private static readonly PollingConfig Polling = new(
        [new BusConfig("bus-a", BusKind.Tcp, Host: "192.168.1.20", Port: 502)],
        [new MeterConfig("grid", "SDM630", 1, "bus-a")],
        IntervalSeconds: 5);

    [Fact]
    public void Relay_modules_of_the_control_config_are_polled_on_their_buses()
    {
        var mapping = PollingConfigMapper.Map(Polling, Control(new RelayModuleConfig("heater", "WP8024", "bus-a", 10)));

        Assert.True(mapping.IsUsable, string.Join(" ", mapping.Errors));
        Assert.Equal(new RelayModuleConfiguration("heater", "WP8024", 10, "bus-a"), Assert.Single(mapping.Configuration!.RelayModules));
    }

    [Fact]
    public void Without_a_control_config_no_relay_module_is_polled()
    {
        var mapping = PollingConfigMapper.Map(Polling);

        Assert.True(mapping.IsUsable);
        Assert.Empty(mapping.Configuration!.RelayModules);
    }

    [Fact]
    public void Every_unusable_relay_module_is_refused_with_its_reason()
    {
        var mapping = PollingConfigMapper.Map(Polling, Control(
            new RelayModuleConfig("on-meter", "WP8024", "bus-a", 1),
            new RelayModuleConfig("no-bus", "WP8024", "bus-x", 11),
            new RelayModuleConfig("bad-unit", "WP8024", "bus-a", 248),
            new RelayModuleConfig("zero-unit", "WP8024", "bus-a", 0),
            new RelayModuleConfig("odd-model", "XY-16", "bus-a", 12),
            new RelayModuleConfig("twin-1", "WP8024ADAM", "bus-a", 13),
            new RelayModuleConfig("twin-2", "WP8024", "bus-a", 13)));

        Assert.False(mapping.IsUsable);
        Assert.Contains("Relay module 'on-meter' and meter 'grid' share unit id 1 on bus 'bus-a'.", mapping.Errors);
        Assert.Contains("Relay module 'no-bus' is on bus 'bus-x', which is not configured.", mapping.Errors);
        Assert.Contains(mapping.Errors, e => e.StartsWith("Relay module 'bad-unit': unit id 248 is outside 1-247", StringComparison.Ordinal));
        Assert.Contains(mapping.Errors, e => e.StartsWith("Relay module 'zero-unit': unit id 0 is outside 1-247", StringComparison.Ordinal));
        Assert.Contains(mapping.Errors, e => e.StartsWith("Relay module 'odd-model': model 'XY-16' is unknown", StringComparison.Ordinal));
        Assert.Contains("Relay modules 'twin-1', 'twin-2' share unit id 13 on bus 'bus-a'.", mapping.Errors);
        Assert.Equal(6, mapping.Errors.Count);
    }

    private static ControlConfig Control(params RelayModuleConfig[] modules) => new([], modules, []);
}
