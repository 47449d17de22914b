namespace Portal.Edge.Polling;

/// <summary>Exponential back-off, capped: how long to leave a silent meter alone after its n-th failed poll.</summary>
public sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Max)
{
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Cap the exponent first: 2^62 ticks would overflow long before the cap applies.
        var doublings = Math.Min(consecutiveFailures - 1, 30);
        var delay = Initial.Ticks * Math.Pow(2, doublings);
        return delay >= Max.Ticks ? Max : TimeSpan.FromTicks((long)delay);
    }
}
