using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Configuration;

namespace Portal.Tests.Edge.ControlService;

public sealed class ControlConfigChecksTests
{
    private static GatewayConfigMessage Config(ControlConfig? control, int intervalSeconds = 5) => new(
        ContractVersion.Current, 1, DateTimeOffset.UnixEpoch, "Europe/Zurich", 60,
        new PollingConfig([new BusConfig("conv-0", BusKind.Tcp, Host: "127.0.0.1", Port: 1502)], [new MeterConfig("grid", "SDM630", 1, "conv-0")], intervalSeconds),
        control);

    private static ControlConfig Control(string gridMeter = "grid", string module = "rm-1", int coil = 0, int staleAfterSeconds = 5) => new(
        [gridMeter],
        [new RelayModuleConfig("rm-1", "WP8024", "conv-0", 20)],
        [new RelayConfig("boiler", module, coil, "Boiler", 2000, RelayMode.AutoSolar, 1, [Phase.L1])],
        StaleAfterSeconds: staleAfterSeconds);

    [Fact]
    public void A_control_config_whose_references_all_exist_passes() =>
        Assert.Empty(ControlConfigChecks.Check(Config(Control())));

    [Fact]
    public void Unknown_grid_meter_module_and_coil_are_all_reported_at_once()
    {
        var errors = ControlConfigChecks.Check(Config(Control(gridMeter: "nope", module: "rm-9", coil: 4)));

        Assert.Contains(errors, e => e.Contains(nameof(ControlProblemCode.UnknownGridMeter), StringComparison.Ordinal) && e.Contains("nope", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(ControlProblemCode.UnknownModule), StringComparison.Ordinal) && e.Contains("boiler", StringComparison.Ordinal));
        Assert.True(errors.Count >= 3, string.Join(" | ", errors));
    }

    [Fact]
    public void Control_without_polling_is_refused() =>
        Assert.Single(ControlConfigChecks.Check(Config(Control()) with { Polling = null }));

    [Theory]
    [InlineData(5, 5, 2)]
    [InlineData(1, 5, 1)]
    [InlineData(30, 60, 30)]
    [InlineData(5, 1, 1)]
    public void With_control_polling_runs_at_most_every_half_staleness(int interval, int stale, int expected) =>
        Assert.Equal(expected, ControlConfigChecks.PollingIntervalSeconds(Config(Control(staleAfterSeconds: stale), interval)));

    [Fact]
    public void Without_control_the_polling_interval_is_the_configs() =>
        Assert.Equal(30, ControlConfigChecks.PollingIntervalSeconds(Config(null, 30)));
}
