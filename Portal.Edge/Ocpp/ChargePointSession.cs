using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Edge.Ocpp;

/// <summary>
/// What the central system knows about one connected charge point, and how it answers the charge point's CALLs
/// (PROTOCOLS.md 6.2). Pure: no socket, no clock of its own (the caller passes the site time), so the state machine
/// is unit-tested frame by frame. Not thread-safe: its connection calls it from one receive loop, and
/// <see cref="Snapshot"/> from elsewhere goes through the connection's lock.
/// </summary>
/// <remarks>
/// Authorization: every idTag is Accepted (StartTransaction, Authorize). The edge is a local central system on the
/// site LAN: who may charge is decided by who may plug into the site's chargers, and which chargers may connect by
/// the known charge point list (the EV zone's chargers). Refusing unknown tags offline would strand residents.
/// </remarks>
public sealed class ChargePointSession(string chargePointId, int connectorId, int heartbeatIntervalSeconds, Func<int> nextTransactionId)
{
    private readonly Dictionary<string, decimal> _phaseCurrents = [];

    public string ChargePointId { get; } = chargePointId;

    /// <summary>The connector whose session and measurements this charger reports (ChargerConfig.ConnectorId).</summary>
    public int ConnectorId { get; } = connectorId;

    public bool Booted { get; private set; }

    public ChargerStatus Status { get; private set; } = ChargerStatus.Unknown;

    public int? TransactionId { get; private set; }

    public decimal? PowerW { get; private set; }

    public decimal? EnergyWh { get; private set; }

    public DateTimeOffset? MeasuredAt { get; private set; }

    public decimal? LimitA { get; private set; }

    public int? LimitPhases { get; private set; }

    /// <summary>Frames refused as malformed or invalid since the connection opened.</summary>
    public int BadFrames { get; private set; }

    public void CountBadFrame() => BadFrames++;

    /// <summary>Records a limit the charger accepted.</summary>
    public void LimitAccepted(decimal amps, int phases)
    {
        LimitA = amps;
        LimitPhases = phases;
    }

    public ChargerSnapshot Snapshot(bool connected)
    {
        ChargerPhaseCurrents? currents = _phaseCurrents.Count == 0 ? null : new(Current("L1"), Current("L2"), Current("L3"));
        return new ChargerSnapshot(ChargePointId, connected, Status, TransactionId, currents, PowerW, EnergyWh, MeasuredAt, LimitA, LimitPhases);
    }

    /// <summary>Answers one CALL from the charge point: a CALLRESULT, or a CALLERROR for an invalid payload.</summary>
    public OcppFrame Handle(OcppCall call, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var result = call.Action switch
            {
                "BootNotification" => Boot(call.Payload, now),
                "Heartbeat" => new JsonObject { ["currentTime"] = Time(now) },
                "StatusNotification" => StatusNotification(call.Payload),
                "MeterValues" => MeterValues(call.Payload, now),
                "StartTransaction" => StartTransaction(call.Payload, now),
                "StopTransaction" => StopTransaction(call.Payload, now),
                "Authorize" => Authorize(call.Payload),
                "DataTransfer" => new JsonObject { ["status"] = "UnknownVendorId" },
                "DiagnosticsStatusNotification" or "FirmwareStatusNotification" => new JsonObject(),
                _ => throw new OcppPayloadException(OcppErrorCode.NotImplemented, $"action '{call.Action}' is not known to this central system"),
            };
            return new OcppCallResult(call.UniqueId, result);
        }
        catch (OcppPayloadException invalid)
        {
            BadFrames++;
            return new OcppCallError(call.UniqueId, invalid.ErrorCode, invalid.Message);
        }
    }

    private JsonObject Boot(JsonObject payload, DateTimeOffset now)
    {
        OcppPayload.RequiredString(payload, "chargePointVendor", 20);
        OcppPayload.RequiredString(payload, "chargePointModel", 20);
        Booted = true;
        return new JsonObject { ["status"] = "Accepted", ["currentTime"] = Time(now), ["interval"] = heartbeatIntervalSeconds };
    }

    private JsonObject StatusNotification(JsonObject payload)
    {
        var connector = OcppPayload.RequiredInt(payload, "connectorId");
        OcppPayload.RequiredString(payload, "errorCode", 50);
        var status = OcppPayload.RequiredEnum<ChargerStatus>(payload, "status");
        if (connector == ConnectorId)
        {
            Status = status;
        }
        else if (connector == 0 && status is ChargerStatus.Unavailable or ChargerStatus.Faulted)
        {
            // Connector 0 is the whole charge point: unavailable or faulted there means every connector is.
            Status = status;
        }

        return new JsonObject();
    }

    private JsonObject MeterValues(JsonObject payload, DateTimeOffset now)
    {
        var connector = OcppPayload.RequiredInt(payload, "connectorId");
        if (payload["meterValue"] is not JsonArray values)
        {
            throw new OcppPayloadException(OcppErrorCode.OccurenceConstraintViolation, "meterValue is required and must be an array");
        }

        foreach (var value in values)
        {
            if (value is not JsonObject meterValue || meterValue["sampledValue"] is not JsonArray samples)
            {
                throw new OcppPayloadException(OcppErrorCode.OccurenceConstraintViolation, "each meterValue needs timestamp and sampledValue");
            }

            var timestamp = OcppPayload.RequiredTime(meterValue, "timestamp");
            if (connector != ConnectorId)
            {
                continue;
            }

            foreach (var sample in samples)
            {
                if (sample is not JsonObject sampled)
                {
                    throw new OcppPayloadException(OcppErrorCode.TypeConstraintViolation, "each sampledValue must be an object");
                }

                Apply(sampled);
            }

            // The sample's time, but never later than its arrival: a charger whose clock runs ahead must not make a
            // reading look newer than a limit sent after it (the loop then trusts the reading over the limit).
            MeasuredAt = (timestamp < now ? timestamp : now).ToUniversalTime();
        }

        return new JsonObject();
    }

    /// <summary>Current.Import per phase, Power.Active.Import (W or kW), Energy.Active.Import.Register (Wh or kWh); other measurands are ignored.</summary>
    private void Apply(JsonObject sampled)
    {
        var text = OcppPayload.RequiredString(sampled, "value", 500);
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new OcppPayloadException(OcppErrorCode.TypeConstraintViolation, $"sampledValue.value '{text}' is not a number");
        }

        var measurand = OcppPayload.OptionalString(sampled, "measurand") ?? "Energy.Active.Import.Register";
        var unit = OcppPayload.OptionalString(sampled, "unit");
        var kilo = unit is "kW" or "kWh" ? 1000m : 1m;
        switch (measurand)
        {
            case "Current.Import":
                var phase = OcppPayload.OptionalString(sampled, "phase") ?? "L1";
                _phaseCurrents[phase.Length >= 2 ? phase[..2] : phase] = value;
                break;
            case "Power.Active.Import" when OcppPayload.OptionalString(sampled, "phase") is null:
                PowerW = value * kilo;
                break;
            case "Energy.Active.Import.Register" when OcppPayload.OptionalString(sampled, "phase") is null:
                EnergyWh = value * kilo;
                break;
        }
    }

    private JsonObject StartTransaction(JsonObject payload, DateTimeOffset now)
    {
        var connector = OcppPayload.RequiredInt(payload, "connectorId");
        OcppPayload.RequiredString(payload, "idTag", 20);
        var meterStart = OcppPayload.RequiredInt(payload, "meterStart");
        OcppPayload.RequiredTime(payload, "timestamp");
        var id = nextTransactionId();
        if (connector == ConnectorId)
        {
            TransactionId = id;
            EnergyWh = meterStart;
            MeasuredAt = now.ToUniversalTime();
        }

        return new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" }, ["transactionId"] = id };
    }

    private JsonObject StopTransaction(JsonObject payload, DateTimeOffset now)
    {
        var id = OcppPayload.RequiredInt(payload, "transactionId");
        var meterStop = OcppPayload.RequiredInt(payload, "meterStop");
        OcppPayload.RequiredTime(payload, "timestamp");
        if (id == TransactionId)
        {
            TransactionId = null;
            EnergyWh = meterStop;
            _phaseCurrents.Clear();
            PowerW = 0;
            MeasuredAt = now.ToUniversalTime();
        }

        // idTagInfo is optional; a stop is always acknowledged (the car has left either way).
        return payload["idTag"] is null ? new JsonObject() : new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } };
    }

    private static JsonObject Authorize(JsonObject payload)
    {
        OcppPayload.RequiredString(payload, "idTag", 20);
        return new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } };
    }

    private decimal? Current(string phase) => _phaseCurrents.TryGetValue(phase, out var amps) ? amps : null;

    private static string Time(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
