using System.Text.Json.Nodes;
using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.Ocpp;

/// <summary>
/// Issue 11's OCPP test against an implementation no one here wrote: ocpp-rpc 2.2.1 (peers/ocpp-charge-point.mjs) in
/// strict mode, which validates our CALLRESULTs and our SetChargingProfile CALLs against the OCPP 1.6 schemas.
/// </summary>
[Collection(nameof(OcppRpcPeerTests))]
public sealed class OcppRpcPeerTests
{
    [Fact]
    public async Task Ocpp_rpc_charge_point_boots_starts_a_transaction_and_accepts_the_limits_we_send()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        await using var peer = OcppRpcChargePoint.Start(edge.Endpoint, "peer-cp");

        var boot = await peer.NextAsync("boot");
        Assert.Equal("Accepted", (string?)boot["status"]);
        Assert.Equal(60, (int?)boot["interval"]);
        var transaction = await peer.NextAsync("transaction");
        Assert.Equal("Accepted", (string?)transaction["idTagStatus"]);
        var transactionId = (int)transaction["transactionId"]!;
        Assert.True(transactionId > 0);

        var charging = await edge.WaitForAsync("peer-cp", s => s.PowerW is not null);
        Assert.Equal(ChargerStatus.Charging, charging.Status);
        Assert.Equal(transactionId, charging.TransactionId);
        Assert.Equal(new ChargerPhaseCurrents(15.9m, 16.0m, 15.8m), charging.Currents);
        Assert.Equal(10_980m, charging.PowerW);
        Assert.Equal(1450m, charging.EnergyWh);

        // What a control loop decides: full 16 A three-phase, 7.36 A single-phase (sent as 7.3), then a pause.
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-cp", 16m, 3, CancellationToken.None));
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-cp", 7.36m, 1, CancellationToken.None));
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-cp", 0m, 3, CancellationToken.None));

        List<JsonObject> profiles = [await peer.NextAsync("profile"), await peer.NextAsync("profile"), await peer.NextAsync("profile")];
        var periods = profiles.Select(p => p["params"]!["csChargingProfiles"]!["chargingSchedule"]!).ToList();
        Assert.Equal([16m, 7.3m, 0m], periods.Select(s => (decimal)s["chargingSchedulePeriod"]![0]!["limit"]!));
        Assert.Equal([3, 1, 3], periods.Select(s => (int)s["chargingSchedulePeriod"]![0]!["numberPhases"]!));
        Assert.All(periods, s => Assert.Equal("A", (string?)s["chargingRateUnit"]));
        Assert.All(profiles, p => Assert.Equal("TxDefaultProfile", (string?)p["params"]!["csChargingProfiles"]!["chargingProfilePurpose"]));
        Assert.All(profiles, p => Assert.Equal(1, (int?)p["params"]!["connectorId"]));
        var paused = await edge.WaitForAsync("peer-cp", s => s.LimitA == 0m);
        Assert.Equal(3, paused.LimitPhases);

        Assert.Equal(0, await peer.StopAsync());
        Assert.DoesNotContain(peer.Seen, e => (string?)e["event"] == "strictValidationFailure");
        var stopped = await edge.WaitForAsync("peer-cp", s => s.TransactionId is null);
        Assert.Equal(1500m, stopped.EnergyWh);
    }

    [Fact]
    public async Task Ocpp_rpc_accepts_every_tenth_of_an_amp_we_send_with_the_default_step()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        await using var peer = OcppRpcChargePoint.Start(edge.Endpoint, "peer-tenths");
        await peer.NextAsync("transaction");

        // ocpp-rpc 2.2.1 replaces ajv's multipleOf with |round(x / 0.1) - x / 0.1| < 1e-6 (lib/validator.js), so
        // 6.1 A (6.1 / 0.1 = 60.99999999999999 in doubles) passes; only values off the tenth grid (10.05) fail.
        decimal[] decided = [6.1m, 10.3m, 16.7m, 8.7m, 10.7m];
        foreach (var amps in decided)
        {
            Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-tenths", amps, 3, CancellationToken.None));
        }

        Assert.Equal(decided, await SentLimitsAsync(peer, decided.Length));
        Assert.DoesNotContain(peer.Seen, e => (string?)e["event"] == "strictValidationFailure");
        Assert.Equal(0, await peer.StopAsync());
    }

    [Fact]
    public async Task A_step_off_the_tenth_grid_still_sends_a_schema_valid_tenth_never_above_the_decided_limit_and_records_what_was_sent()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.LimitStepAmps = 0.15m);
        await using var peer = OcppRpcChargePoint.Start(edge.Endpoint, "peer-step");
        await peer.NextAsync("transaction");

        // 7.36 A in 0.15 A steps is 7.35 A: on the wire it must be 7.3 (a tenth, not above 7.36), never 7.4.
        decimal[] decided = [7.36m, 16.7m, 6.1m];
        var sent = new List<decimal>();
        foreach (var amps in decided)
        {
            Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-step", amps, 1, CancellationToken.None));
            sent.Add((await SentLimitsAsync(peer, 1))[0]);
            var recorded = await edge.WaitForAsync("peer-step", s => s.LimitA == sent[^1]);
            Assert.Equal(1, recorded.LimitPhases);
        }

        Assert.Equal([7.3m, 16.6m, 6.0m], sent);
        Assert.All(decided.Zip(sent), p => Assert.True(p.Second <= p.First, $"sent {p.Second} A for a decided {p.First} A"));
        Assert.DoesNotContain(peer.Seen, e => (string?)e["event"] == "strictValidationFailure");
        Assert.Equal(0, await peer.StopAsync());
    }

    private static async Task<List<decimal>> SentLimitsAsync(OcppRpcChargePoint peer, int count)
    {
        var sent = new List<decimal>();
        for (var i = 0; i < count; i++)
        {
            sent.Add((decimal)(await peer.NextAsync("profile"))["params"]!["csChargingProfiles"]!["chargingSchedule"]!["chargingSchedulePeriod"]![0]!["limit"]!);
        }

        return sent;
    }

    [Fact]
    public async Task Bad_frames_get_a_callerror_the_peer_sees_and_the_connection_carries_on()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        await using var peer = OcppRpcChargePoint.Start(edge.Endpoint, "peer-bad");

        var first = (JsonArray)(await peer.NextAsync("badFrameAnswered"))["frame"]!;
        var second = (JsonArray)(await peer.NextAsync("badFrameAnswered"))["frame"]!;
        Assert.Equal([4, "bad-1", OcppErrorCode.TypeConstraintViolation], new object?[] { (int?)first[0], (string?)first[1], (string?)first[2] });
        Assert.Equal([4, "-1", OcppErrorCode.FormationViolation], new object?[] { (int?)second[0], (string?)second[1], (string?)second[2] });

        // The same connection answers the next CALL and runs a whole session.
        Assert.NotNull((await peer.NextAsync("heartbeat"))["currentTime"]);
        await peer.NextAsync("transaction");
        var snapshot = await edge.WaitForAsync("peer-bad", s => s.Status == ChargerStatus.Charging);
        Assert.True(snapshot.Connected);
        Assert.Equal(0, await peer.StopAsync());
    }

    [Fact]
    public async Task Strict_mode_refuses_a_charging_profile_that_breaks_the_schema_so_the_peer_test_would_catch_one()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        await using var peer = OcppRpcChargePoint.Start(edge.Endpoint, "peer-strict");
        await peer.NextAsync("transaction");

        // What a careless central system might send: a limit that is not a multiple of 0.1 A.
        var wrong = ChargingProfileRequest.Build(1, 10m, 3, DateTimeOffset.UtcNow);
        wrong["csChargingProfiles"]!["chargingSchedule"]!["chargingSchedulePeriod"]![0]!["limit"] = 10.05m;
        var answer = await edge.Central.CallAsync("peer-strict", "SetChargingProfile", wrong, CancellationToken.None);

        var error = Assert.IsType<OcppCallError>(answer);
        // ocpp-rpc answers with the errata spelling (OCPP-J 1.6 errata section 5), not the spec's "Occurence".
        Assert.Equal(OcppErrorCode.OccurrenceConstraintViolation, error.ErrorCode);
        var failure = await peer.NextAsync("strictValidationFailure");
        Assert.Equal("SetChargingProfile", (string?)failure["method"]);
        Assert.DoesNotContain(peer.Seen, e => (string?)e["event"] == "profile");

        // The same CALL built by the central system itself is accepted.
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("peer-strict", 10.05m, 3, CancellationToken.None));
        Assert.Equal(10.0m, (decimal)(await peer.NextAsync("profile"))["params"]!["csChargingProfiles"]!["chargingSchedule"]!["chargingSchedulePeriod"]![0]!["limit"]!);
        Assert.Equal(0, await peer.StopAsync());
    }
}
