using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Contracts.Control;

namespace Portal.Contracts.Mqtt;

/// <summary>
/// Energy of one meter over one quarter-hour (or, after an outage of the edge, over a run of
/// quarter-hours that could not be told apart: see <see cref="SpansMissedQuarters"/>).
/// The portal deduplicates on (<see cref="GatewayId"/>, <see cref="MeterId"/>, <see cref="IntervalStart"/>):
/// delivery is at-least-once.
/// </summary>
public sealed record IntervalEnergyMessage(
    int Schema,
    string GatewayId,
    string MeterId,
    long Sequence,
    DateTimeOffset IntervalStart,
    DateTimeOffset IntervalEnd,
    long ImportWh,
    long ExportWh,
    bool CounterWentBackwards)
{
    public static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>True when the edge missed boundaries, so the energy covers more than one quarter-hour.</summary>
    [JsonIgnore]
    public bool SpansMissedQuarters => IntervalEnd - IntervalStart > Quarter;
}

/// <summary>
/// Instantaneous values for dashboards and the installer's meter inspection; QoS 0, never used for billing.
/// The per-phase values and the frequency are optional (added within schema 1): absent when the meter model
/// lacks them or sent NaN, and absent in messages from older gateways.
/// </summary>
public sealed record LiveReadingMessage(
    int Schema,
    string GatewayId,
    string MeterId,
    DateTimeOffset MeasuredAt,
    decimal ActivePowerW,
    long ImportRegisterWh,
    long ExportRegisterWh,
    PhaseTriple? VoltageV = null,
    PhaseTriple? CurrentA = null,
    PhaseTriple? ActivePowerPhaseW = null,
    decimal? FrequencyHz = null);

/// <summary>One value per phase (L1, L2, L3); a phase is null when the meter did not deliver it.</summary>
public sealed record PhaseTriple(decimal? L1 = null, decimal? L2 = null, decimal? L3 = null)
{
    [JsonIgnore]
    public IEnumerable<decimal> Present => new[] { L1, L2, L3 }.Where(v => v.HasValue).Select(v => v!.Value);
}

public enum GatewayState
{
    [JsonStringEnumMemberName("online")]
    Online,

    [JsonStringEnumMemberName("offline")]
    Offline,
}

/// <summary>
/// Retained presence of a gateway. The online form is repeated as a heartbeat; the offline form is
/// registered as the last will, which the broker publishes without a timestamp, so <see cref="At"/> is optional.
/// The online form also says how ready the gateway is: <see cref="ConfigVersion"/> applied (none yet: absent),
/// <see cref="BusesPolling"/>, and <see cref="Ready"/> when it is connected, has a configuration and polls at
/// least one bus. Gateways before these fields send none of them.
/// </summary>
public sealed record GatewayStatusMessage(
    int Schema,
    string GatewayId,
    GatewayState State,
    DateTimeOffset? At = null,
    long? OutboxBacklog = null,
    string? Reason = null,
    long? ConfigVersion = null,
    int? BusesPolling = null,
    bool? Ready = null);

/// <summary>
/// Portal to edge configuration, retained. The edge validates <see cref="Polling"/> against the
/// meter models it knows while applying it, and <see cref="Control"/> (relays, EV zone, load management; absent =
/// nothing controlled) against the polling config, and acknowledges or rejects the version.
/// </summary>
public sealed record GatewayConfigMessage(
    int Schema,
    long Version,
    DateTimeOffset IssuedAt,
    string TimeZone,
    int HeartbeatSeconds,
    PollingConfig? Polling = null,
    ControlConfig? Control = null);

/// <summary>What the gateway reads: its buses and the meters on them.</summary>
public sealed record PollingConfig(
    IReadOnlyList<BusConfig> Buses,
    IReadOnlyList<MeterConfig> Meters,
    int IntervalSeconds = 5);

public enum BusKind
{
    /// <summary>An RS-485-Ethernet converter speaking Modbus TCP.</summary>
    [JsonStringEnumMemberName("tcp")]
    Tcp,

    /// <summary>The gateway's own RS-485 port, Modbus RTU.</summary>
    [JsonStringEnumMemberName("rtu")]
    Rtu,
}

/// <summary>One RS-485 segment. TCP buses use Host and Port; RTU buses use Device and the serial settings.</summary>
public sealed record BusConfig(
    string Id,
    BusKind Kind,
    string? Host = null,
    int? Port = null,
    string? Device = null,
    int Baud = 9600,
    string Parity = "none",
    int StopBits = 1,
    bool Rs485 = true,
    int ResponseTimeoutMs = 500);

/// <summary>A meter on a bus; its model names the register map (SDM630, SDM630MCT).</summary>
public sealed record MeterConfig(string Id, string Model, int UnitId, string BusId);

public enum ConfigOutcome
{
    [JsonStringEnumMemberName("applied")]
    Applied,

    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>Edge to portal: what became of a config version. Version 0 means the config was unreadable.</summary>
public sealed record ConfigAckMessage(
    int Schema,
    string GatewayId,
    long Version,
    ConfigOutcome Outcome,
    DateTimeOffset At,
    string? Reason = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(IntervalEnergyMessage))]
[JsonSerializable(typeof(LiveReadingMessage))]
[JsonSerializable(typeof(GatewayStatusMessage))]
[JsonSerializable(typeof(GatewayConfigMessage))]
[JsonSerializable(typeof(ConfigAckMessage))]
[JsonSerializable(typeof(PollingConfig))]
[JsonSerializable(typeof(ControlConfig))]
[JsonSerializable(typeof(ControlOverridesMessage))]
[JsonSerializable(typeof(ControlDecisionMessage))]
[JsonSerializable(typeof(ControlStateMessage))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
