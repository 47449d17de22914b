namespace Portal.Billing;

/// <summary>
/// Who pays for a billing point's energy over some time: the resident who lived there, or the site's owner while it
/// stood empty (<see cref="ResidentId"/> null: vacancy falls on the owner, INV-07).
/// </summary>
public readonly record struct BillingAccount(Guid BillingPointId, Guid? ResidentId)
{
    public bool IsVacancy => ResidentId is null;
}

/// <summary>A span of instants [<see cref="FromUtc"/>, <see cref="ToUtc"/>), on quarter-hour boundaries.</summary>
public readonly record struct UtcSpan(DateTime FromUtc, DateTime ToUtc)
{
    public bool Contains(DateTime instant) => FromUtc <= instant && instant < ToUtc;

    public UtcSpan? Clip(UtcSpan other)
    {
        var from = FromUtc > other.FromUtc ? FromUtc : other.FromUtc;
        var to = ToUtc < other.ToUtc ? ToUtc : other.ToUtc;
        return from < to ? new UtcSpan(from, to) : null;
    }

    public int QuarterHours => (int)((ToUtc - FromUtc).Ticks / BillingSetup.QuarterHour.Ticks);
}
