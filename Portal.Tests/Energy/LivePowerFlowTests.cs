using Portal.Energy;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Tests.Energy;

public sealed class LivePowerFlowTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, MeterRole> Roles = new()
    {
        ["grid"] = MeterRole.GridIntroduction, ["pv"] = MeterRole.PvProduction, ["battery"] = MeterRole.Battery, ["apt-1"] = MeterRole.Consumer,
    };

    private static LiveMeterValues Live(string meter, decimal watts, int secondsAgo = 0) => new(meter, Guid.Empty, Now.AddSeconds(-secondsAgo), watts, 0, 0);

    [Fact]
    public void The_load_is_solar_plus_grid_minus_what_the_battery_takes()
    {
        // PV exports 5 kW (negative), the site sells 1.2 kW, the battery charges 800 W: the building uses 3 kW.
        var flow = LivePowerFlow.Of(Roles, [Live("pv", -5000), Live("grid", -1200, secondsAgo: 3), Live("battery", 800), Live("apt-1", 1500)]);

        Assert.Equal((5000m, -1200m, 800m, 3000m), (flow.SolarW!.Value, flow.GridW!.Value, flow.BatteryW!.Value, flow.LoadW!.Value));
        Assert.Equal(Now.AddSeconds(-3), flow.MeasuredAt);
    }

    [Fact]
    public void Without_an_introduction_reading_the_load_is_what_the_consumers_measure_and_unknown_roles_stay_unknown()
    {
        var flow = LivePowerFlow.Of(Roles, [Live("apt-1", 1500), Live("unknown-meter", 99)]);

        Assert.Equal((null, null, null, 1500m), (flow.SolarW, flow.GridW, flow.BatteryW, flow.LoadW));
    }

    [Fact]
    public void No_values_means_nothing_to_show()
    {
        Assert.Null(LivePowerFlow.Of(Roles, []).MeasuredAt);
    }
}
