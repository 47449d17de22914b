namespace Portal.Control;

/// <summary>The last retained control state a gateway reported (<see cref="Contracts.Control.ControlStateMessage"/> as received).</summary>
public sealed class ControlStateRecord
{
    public required string GatewayId { get; set; }

    public required string Json { get; set; }

    public DateTime AtUtc { get; set; }

    public DateTime ReceivedUtc { get; set; }
}
