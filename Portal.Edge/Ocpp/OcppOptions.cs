using System.ComponentModel.DataAnnotations;

namespace Portal.Edge.Ocpp;

/// <summary>
/// Settings under <c>Ocpp</c>: the edge as OCPP 1.6J local central system on the site LAN. Empty
/// <see cref="ListenUrl"/> = no central system (a site without chargers).
/// </summary>
public sealed class OcppOptions
{
    public const string Section = "Ocpp";

    /// <summary>Where chargers connect, e.g. <c>http://0.0.0.0:8887</c> (they use <c>ws://host:8887/ocpp/&lt;id&gt;</c>); port 0 = any free port.</summary>
    [Url]
    public string ListenUrl { get; set; } = "";

    /// <summary>The heartbeat interval handed out in BootNotification.conf.</summary>
    [Range(10, 86_400)]
    public int HeartbeatIntervalSeconds { get; set; } = 300;

    /// <summary>How long a CALL to a charger (SetChargingProfile) waits for its answer.</summary>
    [Range(1, 300)]
    public int CallTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Charge point ids allowed to connect before the portal's EV zone arrives; empty = any. The EV zone's
    /// chargers (ControlConfig.EvZone.Chargers, through <see cref="OcppCentralSystem.SetKnownChargers"/>) replace it.
    /// </summary>
    public List<string> KnownChargePoints { get; set; } = [];

    /// <summary>
    /// Limits are rounded down to a multiple of this, then to a tenth (the schema's multipleOf 0.1: ChargingProfileRequest.RoundLimit);
    /// 1 for chargers that take whole amps only.
    /// </summary>
    [Range(typeof(decimal), "0.1", "1")]
    public decimal LimitStepAmps { get; set; } = 0.1m;
}
