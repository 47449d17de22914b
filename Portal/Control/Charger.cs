namespace Portal.Control;

/// <summary>A charging station of a gateway's EV zone (OCPP 1.6J charge point id) and the site phases its phases are wired to.</summary>
public sealed class Charger
{
    public Guid Id { get; set; }

    public required string GatewayId { get; set; }

    /// <summary>The OCPP charge point identity; unique per gateway.</summary>
    public required string OcppId { get; set; }

    public string Name { get; set; } = "";

    public int ConnectorId { get; set; } = 1;

    /// <summary>Charger phase 1, 2, 3 in order, e.g. "L1,L2,L3" or "L2" (<see cref="PhaseList"/>).</summary>
    public string PhaseMapping { get; set; } = "L1,L2,L3";

    public int MinCurrentA { get; set; } = 6;

    public int MaxCurrentA { get; set; } = 16;

    public int Priority { get; set; } = 100;

    /// <summary>"Charge now" until this instant (UTC); null = none. Sent in the control overrides.</summary>
    public DateTime? ChargeNowUntilUtc { get; set; }
}
