using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Portal.Simulator.Ocpp;

/// <summary>
/// An OCPP 1.6J charge point (WebSocket client, subprotocol ocpp1.6) with one connector and a simulated car:
/// boots, reports Available, and when a car plugs in Preparing, StartTransaction, Charging; obeys SetChargingProfile
/// (the car draws min(limit, car max) on its phases; 0 = SuspendedEVSE); MeterValues on <see cref="SendMeterValuesAsync"/>.
/// </summary>
public sealed class SimulatedChargePoint(string id, int phases, double carMaxAmps = 16) : IAsyncDisposable
{
    private const double Volts = 230;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly Lock _gate = new();
    private Task? _receive;
    private long _nextId;
    private double _limitA = 16;
    private double _energyWh;

    public string Id { get; } = id;

    /// <summary>The car's phases (1 or 3), on the charger's phases 1..n.</summary>
    public int Phases { get; } = phases;

    public bool CarPluggedIn { get; private set; }

    public int? TransactionId { get; private set; }

    /// <summary>Amps the car draws on each of its phases now: min(limit, car max), 0 when paused or unplugged.</summary>
    public double DrawnAmps => CarPluggedIn ? Math.Min(_limitA, carMaxAmps) : 0;

    /// <summary>Current per charger phase (1..3), what a closed loop adds to the grid meter's phases.</summary>
    public (double Phase1, double Phase2, double Phase3) DrawnCurrents =>
        (DrawnAmps, Phases == 3 ? DrawnAmps : 0, Phases == 3 ? DrawnAmps : 0);

    public double LimitA => _limitA;

    public async Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        _socket.Options.AddSubProtocol("ocpp1.6");
        await _socket.ConnectAsync(new Uri(endpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(Id)), cancellationToken);
        _receive = ReceiveAsync();
        await CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Portal", ["chargePointModel"] = "Simulator" }, cancellationToken);
        await StatusAsync("Available", cancellationToken);
    }

    public async Task PlugInAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        CarPluggedIn = true;
        await StatusAsync("Preparing", cancellationToken);
        var start = await CallAsync("StartTransaction", new JsonObject
        {
            ["connectorId"] = 1, ["idTag"] = "SIM-" + Id, ["meterStart"] = (int)_energyWh, ["timestamp"] = Time(now),
        }, cancellationToken);
        TransactionId = (int?)start["transactionId"];
        await StatusAsync(DrawnAmps > 0 ? "Charging" : "SuspendedEVSE", cancellationToken);
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
        await StatusAsync("Available", cancellationToken);
    }

    /// <summary>Integrates energy over <paramref name="elapsed"/> (site time) and reports currents, power and energy.</summary>
    public async Task SendMeterValuesAsync(DateTimeOffset now, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var watts = DrawnAmps * Volts * Phases;
        _energyWh += watts * elapsed.TotalHours;
        var samples = new JsonArray();
        for (var phase = 1; phase <= 3; phase++)
        {
            var amps = phase <= Phases ? DrawnAmps : 0;
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
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }

        if (_receive is not null)
        {
            await _receive;
        }

        _socket.Dispose();
        _send.Dispose();
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

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
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
        catch (WebSocketException)
        {
            // The central system went away; pending calls time out.
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
            var status = DrawnAmps > 0 ? "Charging" : "SuspendedEVSE";
            _ = Task.Run(async () =>
            {
                try
                {
                    await StatusAsync(status, CancellationToken.None);
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
