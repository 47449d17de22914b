using Portal.Contracts.Control;
using Portal.Edge.Control.Hosting;
using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.ControlService;

public sealed class ChargerDriverInputsTests
{
    [Fact]
    public void Charger_phase_currents_land_on_the_site_phases_of_its_mapping_and_draw_phases_come_from_them()
    {
        var config = new ChargerConfig("cp-1", [Phase.L2, Phase.L3, Phase.L1]);
        var snapshot = new ChargerSnapshot("cp-1", true, ChargerStatus.Charging, 7, new ChargerPhaseCurrents(10m, 0.2m, null), 2300m, 100m, DateTimeOffset.UnixEpoch, 10m, 3);

        var reading = ChargerDriverInputs.ToReading(config, snapshot);

        Assert.Equal(new PhaseCurrents(0m, 10m, 0.2m), reading.CurrentA);
        Assert.Equal([Phase.L2], reading.DrawPhases);
        Assert.True(reading.TransactionRunning);
        Assert.Equal("Charging", reading.Status);
        Assert.True(reading.WantsCurrent);
    }

    [Fact]
    public void A_charger_without_a_session_or_currents_wants_nothing()
    {
        var reading = ChargerDriverInputs.ToReading(new ChargerConfig("cp-1", [Phase.L1]), new ChargerSnapshot("cp-1", true, ChargerStatus.Available, null, null, null, null, null, null, null));

        Assert.Null(reading.CurrentA);
        Assert.Empty(reading.DrawPhases);
        Assert.False(reading.WantsCurrent);
    }
}
