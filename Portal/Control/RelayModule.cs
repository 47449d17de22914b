namespace Portal.Control;

/// <summary>A WP8024 relay module (4 relays, 8 inputs; PROTOCOLS.md section 2) on a bus of a gateway; it counts toward the bus's 31 devices.</summary>
public sealed class RelayModule
{
    /// <summary>Letters, digits, '-' and '_': it travels in the gateway configuration.</summary>
    public required string Id { get; set; }

    public required string GatewayId { get; set; }

    public required string BusId { get; set; }

    public string Name { get; set; } = "";

    public string Model { get; set; } = Contracts.Control.ControlConfigValidator.Wp8024;

    public int UnitId { get; set; }
}
