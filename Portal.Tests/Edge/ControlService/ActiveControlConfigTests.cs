using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Control.Hosting;
using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.ControlService;

public sealed class ActiveControlConfigTests
{
    private sealed class RecordingDriver : IChargerDriver
    {
        public List<IReadOnlyList<ChargerConfig>> Known { get; } = [];

        public IReadOnlyList<ChargerSnapshot> Snapshot() => [];

        public Task<ChargerLimitOutcome> SetLimitAsync(string chargerId, decimal amps, int phases, CancellationToken cancellationToken) =>
            Task.FromResult(ChargerLimitOutcome.NotConnected);

        public void SetKnownChargers(IReadOnlyList<ChargerConfig> chargers) => Known.Add(chargers);
    }

    [Fact]
    public void Applying_a_config_tells_the_charger_driver_which_chargers_may_connect_and_a_config_without_control_lifts_it()
    {
        var driver = new RecordingDriver();
        var active = new ActiveControlConfig(driver);
        var charger = new ChargerConfig("cp-1", [Phase.L1, Phase.L2, Phase.L3]);
        var control = new ControlConfig(["grid"], [], [], new EvZoneConfig(11000, 0, ZonePhases.Three, [charger]));

        active.Set(new GatewayConfigMessage(1, 1, DateTimeOffset.UtcNow, "Europe/Zurich", 60, Control: control));
        active.Set(new GatewayConfigMessage(1, 2, DateTimeOffset.UtcNow, "Europe/Zurich", 60));

        Assert.Equal([[charger], []], driver.Known);
        Assert.Null(active.Current);
    }
}
