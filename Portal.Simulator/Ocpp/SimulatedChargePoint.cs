using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Simulator.Ocpp;

/// <summary>
/// An OCPP 1.6J charge point (WebSocket client, subprotocol ocpp1.6) with one connector and a simulated car:
/// boots, reports Available, and when a car plugs in Preparing, StartTransaction, Charging; obeys SetChargingProfile
/// (the car draws min(limit, car max) on its phases, on phase 1 only under numberPhases 1; 0 = SuspendedEVSE; a full
/// battery = SuspendedEV); MeterValues on
/// <see cref="SendMeterValuesAsync"/>. It may reconnect after its connection dropped: the car, its session and the
/// energy register carry over, as on a real charger (PROTOCOLS.md 6).
/// </summary>
public sealed class SimulatedChargePoint(string id, int phases, double carMaxAmps = 16) : IAsyncDisposable
{
    private const double Volts = 230;
    private ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly Lock _gate = new();
    private Task? _receive;
    private long _nextId;
    private double _limitA = 16;
    private int? _limitPhases;
    private double _energyWh;
    private double _sessionStartWh;
    private string? _reportedStatus;

    public string Id { get; } = id;

    /// <summary>The car's phases (1 or 3), on the charger's phases 1..n.</summary>
    public int Phases { get; } = phases;

    public bool CarPluggedIn { get; private set; }

    public int? TransactionId { get; private set; }

    /// <summary>What the car's battery still takes in this session, in Wh; null = whatever it is given.</summary>
    public double? CarEnergyWantedWh { get; private set; }

    /// <summary>Energy delivered since the car plugged in, Wh.</summary>
    public double SessionEnergyWh => CarPluggedIn ? _energyWh - _sessionStartWh : 0;

    /// <summary>The energy register (Energy.Active.Import.Register), Wh.</summary>
    public double EnergyWh => _energyWh;

    /// <summary>The plugged-in car has all it wanted and draws nothing (SuspendedEV).</summary>
    public bool CarFull => CarPluggedIn && CarEnergyWantedWh is { } wanted && SessionEnergyWh >= wanted;

    /// <summary>The BootNotification answer's heartbeat interval; null before the first boot.</summary>
    public TimeSpan? HeartbeatInterval { get; private set; }

    /// <summary>The WebSocket is open; false once the central system went away.</summary>
    public bool Connected => _socket.State == WebSocketState.Open && _receive is { IsCompleted: false };

    /// <summary>Amps the car draws on each of its phases now: min(limit, car max), 0 when paused, full or unplugged.</summary>
    public double DrawnAmps => CarPluggedIn && !CarFull ? Math.Min(_limitA, carMaxAmps) : 0;

    /// <summary>The connector status this charge point reports now (OCPP 1.6 ChargePointStatus).</summary>
    public string Status => !CarPluggedIn ? "Available" : CarFull ? "SuspendedEV" : DrawnAmps > 0 ? "Charging" : "SuspendedEVSE";

    /// <summary>Current per charger phase (1..3), what a closed loop adds to the grid meter's phases.</summary>
    public (double Phase1, double Phase2, double Phase3) DrawnCurrents =>
        (DrawnAmps, DrawingPhases == 3 ? DrawnAmps : 0, DrawingPhases == 3 ? DrawnAmps : 0);

    public double LimitA => _limitA;

    /// <summary>
    /// The phases the car draws on now: a three-phase charger whose last profile said numberPhases 1 switches to its
    /// phase 1 only (PROTOCOLS.md 6.3), as phase-switching wallboxes do; one without numberPhases uses all of them.
    /// </summary>
    public int DrawingPhases => _limitPhases is 1 ? 1 : Phases;

    /// <summary>
    /// Opens the WebSocket, boots and reports the connector's status. Called again after the connection dropped, it
    /// opens a new socket; a car still plugged in is reported as it is (its transaction carries on).
    /// </summary>
    public async Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // A ClientWebSocket connects once: after a connection, or a failed attempt, the next one needs a new socket.
        if (_socket.State != WebSocketState.None)
        {
            await CloseAsync();
            _socket.Dispose();
            _socket = new ClientWebSocket();
        }

        _socket.Options.AddSubProtocol("ocpp1.6");
        await _socket.ConnectAsync(new Uri(endpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(Id)), cancellationToken);
        _receive = ReceiveAsync(_socket);
        var boot = await CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Portal", ["chargePointModel"] = "Simulator" }, cancellationToken);
        if ((string?)boot["status"] != "Accepted")
        {
            throw new WebSocketException($"BootNotification answered {(string?)boot["status"] ?? "nothing"}, not Accepted.");
        }

        HeartbeatInterval = TimeSpan.FromSeconds(Math.Max(1, (int?)boot["interval"] ?? 300));
        _reportedStatus = null;
        await ReportStatusAsync(cancellationToken);
    }

    public Task HeartbeatAsync(CancellationToken cancellationToken) => CallAsync("Heartbeat", new JsonObject(), cancellationToken);

    /// <summary>Sends a StatusNotification when <see cref="Status"/> differs from what was reported last.</summary>
    public async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        var status = Status;
        if (status != _reportedStatus)
        {
            await StatusAsync(status, cancellationToken);
            _reportedStatus = status;
        }
    }

    /// <summary>Adds what the car drew over <paramref name="elapsed"/> (site time) to the register; a battery stops at full.</summary>
    public void Draw(TimeSpan elapsed)
    {
        var wh = DrawnAmps * Volts * DrawingPhases * elapsed.TotalHours;
        if (CarEnergyWantedWh is { } wanted && SessionEnergyWh + wh >= wanted)
        {
            // Exactly full, not a rounding error short of it (which would keep the car drawing).
            _energyWh = Math.Max(_energyWh, _sessionStartWh + wanted);
            return;
        }

        _energyWh += wh;
    }

    /// <summary>A car plugs in; <paramref name="energyWantedWh"/> is what its battery takes (null: no limit).</summary>
    public async Task PlugInAsync(DateTimeOffset now, CancellationToken cancellationToken, double? energyWantedWh = null)
    {
        CarPluggedIn = true;
        CarEnergyWantedWh = energyWantedWh;
        _sessionStartWh = _energyWh;
        await StatusAsync("Preparing", cancellationToken);
        _reportedStatus = "Preparing";
        var start = await CallAsync("StartTransaction", new JsonObject
        {
            ["connectorId"] = 1, ["idTag"] = "SIM-" + Id, ["meterStart"] = (int)_energyWh, ["timestamp"] = Time(now),
        }, cancellationToken);
        TransactionId = (int?)start["transactionId"];
        await ReportStatusAsync(cancellationToken);
    }

    public async Task UnplugAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (TransactionId is { } transaction)
        {
            await CallAsync("StopTransaction", new JsonObject
            {
                ["transactionId"] = transaction, ["meterStop"] = (int)_energyWh, ["timestamp"] = Time(now), ["reason"] = "EVDisconnected",
            }, cancellationToken);
        }

        TransactionId = null;
        CarPluggedIn = false;
        CarEnergyWantedWh = null;
        await ReportStatusAsync(cancellationToken);
    }

    /// <summary>Integrates energy over <paramref name="elapsed"/> (site time) and reports currents, power and energy.</summary>
    public async Task SendMeterValuesAsync(DateTimeOffset now, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        Draw(elapsed);
        var watts = DrawnAmps * Volts * DrawingPhases;
        var samples = new JsonArray();
        for (var phase = 1; phase <= 3; phase++)
        {
            var amps = phase <= DrawingPhases ? DrawnAmps : 0;
            samples.Add(new JsonObject { ["value"] = Number(amps), ["measurand"] = "Current.Import", ["phase"] = $"L{phase}", ["unit"] = "A" });
        }

        samples.Add(new JsonObject { ["value"] = Number(watts), ["measurand"] = "Power.Active.Import", ["unit"] = "W" });
        samples.Add(new JsonObject { ["value"] = Number(_energyWh), ["measurand"] = "Energy.Active.Import.Register", ["unit"] = "Wh" });
        var payload = new JsonObject { ["connectorId"] = 1, ["meterValue"] = new JsonArray(new JsonObject { ["timestamp"] = Time(now), ["sampledValue"] = samples }) };
        if (TransactionId is { } transaction)
        {
            payload["transactionId"] = transaction;
        }

        await CallAsync("MeterValues", payload, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
        _send.Dispose();
    }

    private async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        if (_receive is not null)
        {
            await _receive;
        }
    }

    private Task<JsonObject> StatusAsync(string status, CancellationToken cancellationToken) =>
        CallAsync("StatusNotification", new JsonObject { ["connectorId"] = 1, ["errorCode"] = "NoError", ["status"] = status }, cancellationToken);

    private async Task<JsonObject> CallAsync(string action, JsonObject payload, CancellationToken cancellationToken)
    {
        var id = $"sim-{Interlocked.Increment(ref _nextId)}";
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[id] = answer;
        }

        await SendAsync(new JsonArray(2, id, action, payload).ToJsonString(), cancellationToken);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                await OnFrameAsync(Encoding.UTF8.GetString(message.ToArray()));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The central system went away, or the socket was aborted while a receive was pending (a close that
            // crosses the central system's own shutdown ends that way, "Aborted").
        }

        // Nothing will answer the calls still waiting: fail them now rather than at their timeout.
        List<TaskCompletionSource<JsonObject>> orphans;
        lock (_gate)
        {
            orphans = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var orphan in orphans)
        {
            orphan.TrySetException(new WebSocketException("The connection to the central system closed."));
        }
    }

    private async Task OnFrameAsync(string text)
    {
        if (JsonNode.Parse(text) is not JsonArray frame || frame.Count < 3)
        {
            return;
        }

        var type = (int?)frame[0];
        var id = (string?)frame[1] ?? "";
        if (type is 3 or 4)
        {
            TaskCompletionSource<JsonObject>? pending;
            lock (_gate)
            {
                _pending.Remove(id, out pending);
            }

            pending?.TrySetResult(type == 3 && frame[2] is JsonObject result ? result : new JsonObject());
            return;
        }

        var action = (string?)frame[2];
        JsonObject answer;
        if (action == "SetChargingProfile" && frame[3]?["csChargingProfiles"]?["chargingSchedule"] is JsonObject schedule
            && (string?)schedule["chargingRateUnit"] == "A" && schedule["chargingSchedulePeriod"]?[0]?["limit"] is JsonNode limit)
        {
            _limitA = (double)limit;
            _limitPhases = (int?)schedule["chargingSchedulePeriod"]![0]!["numberPhases"];
            answer = new JsonObject { ["status"] = "Accepted" };
        }
        else
        {
            answer = new JsonObject { ["status"] = "NotSupported" };
        }

        await SendAsync(new JsonArray(3, id, answer).ToJsonString(), CancellationToken.None);
        if (action == "SetChargingProfile" && CarPluggedIn)
        {
            // Not awaited here: its answer arrives through this very receive loop.
            _ = Task.Run(async () =>
            {
                try
                {
                    await ReportStatusAsync(CancellationToken.None);
                }
                catch (Exception error) when (error is TimeoutException or WebSocketException or ObjectDisposedException)
                {
                    // The connection closed meanwhile.
                }
            });
        }
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
