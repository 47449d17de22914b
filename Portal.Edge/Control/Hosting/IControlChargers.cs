namespace Portal.Edge.Control.Hosting;

/// <summary>
/// The seam between the control service and a charger driver (OCPP 1.6J central system, PROTOCOLS.md 6): the
/// chargers as the driver sees them, and the limits the loop decides. Without a driver there are no chargers.
/// </summary>
public interface IControlChargers
{
    IReadOnlyList<ChargerReading> Snapshot();

    /// <summary>Sends a limit; must not block the cycle on the wire (the driver queues it).</summary>
    Task ApplyAsync(ChargerLimit limit, CancellationToken cancellationToken);
}

/// <summary>A gateway without a charger driver.</summary>
public sealed class NoChargers : IControlChargers
{
    public IReadOnlyList<ChargerReading> Snapshot() => [];

    public Task ApplyAsync(ChargerLimit limit, CancellationToken cancellationToken) => Task.CompletedTask;
}
