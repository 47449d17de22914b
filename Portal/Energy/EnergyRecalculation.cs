namespace Portal.Energy;

/// <summary>
/// Quarter-hours of a site whose balance must be computed again because intervals arrived (late, replayed or
/// merged ones too) or its meters changed. Queued in the same transaction that stores the intervals, so a balance
/// is never left stale by a crash; <see cref="EnergyBalanceStore"/> works the queue off and deletes what it did.
/// </summary>
public sealed class EnergyRecalculation
{
    public long Id { get; set; }

    public Guid SiteId { get; set; }

    public DateTime FromUtc { get; set; }

    public DateTime ToUtc { get; set; }
}
