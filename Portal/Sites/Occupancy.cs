namespace Portal.Sites;

/// <summary>
/// A resident account linked to a billing point from a move-in date to an optional move-out date. Dates are
/// calendar days in the site's time zone: the occupancy runs from local midnight at the start of
/// <see cref="MoveIn"/> to local midnight at the start of <see cref="MoveOut"/> (exclusive), so the next
/// resident may move in on the day the previous one moves out, and billing cuts at that local midnight,
/// which is a quarter-hour boundary (<see cref="OccupancyPeriod"/> turns the days into UTC instants).
/// </summary>
public sealed class Occupancy
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid BillingPointId { get; set; }

    public Guid ResidentId { get; set; }

    /// <summary>First day lived there.</summary>
    public DateOnly MoveIn { get; set; }

    /// <summary>First day no longer lived there; null while the resident still lives there.</summary>
    public DateOnly? MoveOut { get; set; }

    public DateTime CreatedUtc { get; set; }
}
