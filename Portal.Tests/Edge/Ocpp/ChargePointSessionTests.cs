using System.Text.Json.Nodes;
using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.Ocpp;

public sealed class ChargePointSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);
    private int _nextTransaction = 41;

    private ChargePointSession NewSession() => new("cp-1", 1, 120, () => ++_nextTransaction);

    private static OcppFrame Send(ChargePointSession session, string action, string payload) =>
        session.Handle(new OcppCall("m1", action, (JsonObject)JsonNode.Parse(payload)!), Now);

    [Fact]
    public void Boot_is_accepted_with_the_heartbeat_interval_and_the_site_time()
    {
        var session = NewSession();
        var result = Assert.IsType<OcppCallResult>(Send(session, "BootNotification", """{"chargePointVendor":"V","chargePointModel":"M"}"""));
        Assert.Equal("Accepted", (string?)result.Payload["status"]);
        Assert.Equal(120, (int?)result.Payload["interval"]);
        Assert.Equal("2026-06-21T10:00:00.000Z", (string?)result.Payload["currentTime"]);
        Assert.True(session.Booted);
    }

    [Fact]
    public void A_session_runs_from_preparing_through_charging_to_stop()
    {
        var session = NewSession();
        Send(session, "StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Preparing"}""");
        Assert.Equal(ChargerStatus.Preparing, session.Status);
        var start = Assert.IsType<OcppCallResult>(Send(session, "StartTransaction", """{"connectorId":1,"idTag":"ANY-TAG","meterStart":100,"timestamp":"2026-06-21T10:00:00Z"}"""));
        Assert.Equal(42, (int?)start.Payload["transactionId"]);
        Assert.Equal("Accepted", (string?)start.Payload["idTagInfo"]!["status"]);
        Send(session, "StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Charging"}""");
        Send(session, "MeterValues", """
            {"connectorId":1,"transactionId":42,"meterValue":[{"timestamp":"2026-06-21T10:00:10Z","sampledValue":[
              {"value":"9.5","measurand":"Current.Import","phase":"L1","unit":"A"},
              {"value":"2.2","measurand":"Power.Active.Import","unit":"kW"},
              {"value":"0.125","measurand":"Energy.Active.Import.Register","unit":"kWh"}]}]}
            """);
        var charging = session.Snapshot(connected: true);
        Assert.Equal((ChargerStatus.Charging, 42, 9.5m, (decimal?)null, 2200m, 125m), (charging.Status, charging.TransactionId, charging.Currents!.Phase1, charging.Currents.Phase2, charging.PowerW, charging.EnergyWh));
        Assert.True(charging.HasSession);

        Assert.IsType<OcppCallResult>(Send(session, "StopTransaction", """{"transactionId":42,"meterStop":300,"timestamp":"2026-06-21T11:00:00Z"}"""));
        var stopped = session.Snapshot(connected: true);
        Assert.Equal((null, 300m, (ChargerPhaseCurrents?)null), (stopped.TransactionId, stopped.EnergyWh, stopped.Currents));
    }

    [Theory]
    [InlineData("2026-06-21T09:59:57Z", "2026-06-21T09:59:57Z")] // sampled 3 s before it arrived
    [InlineData("2026-06-21T10:02:00Z", "2026-06-21T10:00:00Z")] // a clock running ahead: never later than its arrival
    public void A_meter_value_is_timed_by_its_sample_but_never_after_its_arrival(string sampled, string expected)
    {
        var session = NewSession();
        Send(session, "MeterValues", $$"""
            {"connectorId":1,"meterValue":[{"timestamp":"{{sampled}}","sampledValue":[{"value":"9.5","measurand":"Current.Import","phase":"L1","unit":"A"}]}]}
            """);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), session.Snapshot(connected: true).MeasuredAt);
    }

    [Fact]
    public void Another_connector_does_not_change_this_chargers_state_but_a_faulted_charge_point_does()
    {
        var session = NewSession();
        Send(session, "StatusNotification", """{"connectorId":2,"errorCode":"NoError","status":"Charging"}""");
        Assert.Equal(ChargerStatus.Unknown, session.Status);
        Send(session, "StatusNotification", """{"connectorId":0,"errorCode":"GroundFailure","status":"Faulted"}""");
        Assert.Equal(ChargerStatus.Faulted, session.Status);
    }

    [Theory]
    [InlineData("BootNotification", """{"chargePointModel":"M"}""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("BootNotification", """{"chargePointVendor":"a vendor name longer than twenty","chargePointModel":"M"}""", OcppErrorCode.FormationViolation)]
    [InlineData("StatusNotification", """{"connectorId":"one","errorCode":"NoError","status":"Available"}""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Dancing"}""", OcppErrorCode.PropertyConstraintViolation)]
    [InlineData("MeterValues", """{"connectorId":1,"meterValue":[{"timestamp":"2026-06-21T10:00:00Z","sampledValue":[{"value":"lots"}]}]}""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("StartTransaction", """{"connectorId":1,"idTag":"T","timestamp":"2026-06-21T10:00:00Z"}""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("Reset", """{}""", OcppErrorCode.NotImplemented)]
    public void An_invalid_call_gets_a_callerror_and_is_counted(string action, string payload, string code)
    {
        var session = NewSession();
        var error = Assert.IsType<OcppCallError>(Send(session, action, payload));
        Assert.Equal(("m1", code), (error.UniqueId, error.ErrorCode));
        Assert.Equal(1, session.BadFrames);
        Assert.IsType<OcppCallResult>(Send(session, "Heartbeat", "{}"));
    }

    [Theory]
    [InlineData(16, 3, 16.0)]
    [InlineData(7.36, 1, 7.3)]
    [InlineData(0, 3, 0)]
    [InlineData(-2, 3, 0)]
    public void A_limit_becomes_a_tx_default_profile_in_amps_rounded_down_to_a_tenth(decimal amps, int phases, decimal sent)
    {
        var payload = ChargingProfileRequest.Build(2, Math.Max(amps, 0), phases, Now);
        var profile = payload["csChargingProfiles"]!;
        var period = profile["chargingSchedule"]!["chargingSchedulePeriod"]![0]!;
        Assert.Equal(2, (int?)payload["connectorId"]);
        Assert.Equal(("TxDefaultProfile", "A"), ((string?)profile["chargingProfilePurpose"], (string?)profile["chargingSchedule"]!["chargingRateUnit"]));
        Assert.Equal((sent, phases), ((decimal)period["limit"]!, (int)period["numberPhases"]!));
        Assert.Equal(amps <= 0 ? 0 : sent, ChargingProfileRequest.RoundLimit(amps, 0.1m));
    }

    [Fact]
    public void A_charger_runs_on_one_or_three_phases_only() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChargingProfileRequest.Build(1, 10, 2, Now));
}
