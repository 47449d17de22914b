namespace Portal.Billing;

public enum BillingPeriodKind
{
    Month,
    Quarter,
    Custom,
}

/// <summary>
/// The local days a billing run covers, <see cref="Start"/> included and <see cref="End"/> excluded: a month, a
/// calendar quarter or custom days. Pure; the site's zone turns the days into quarter-hours.
/// </summary>
public sealed record BillingPeriod(BillingPeriodKind Kind, DateOnly Start, DateOnly End)
{
    /// <summary>Longest period one run bills: a year and a day (a yearly final invoice, INV-06).</summary>
    public const int MaxDays = 366;

    public int Days => End.DayNumber - Start.DayNumber;

    public DateOnly LastDay => End.AddDays(-1);

    public static BillingPeriod Month(int year, int month) => new(BillingPeriodKind.Month, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1));

    public static BillingPeriod Quarter(int year, int quarter) =>
        quarter is >= 1 and <= 4
            ? new(BillingPeriodKind.Quarter, new DateOnly(year, ((quarter - 1) * 3) + 1, 1), new DateOnly(year, ((quarter - 1) * 3) + 1, 1).AddMonths(3))
            : throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");

    /// <summary>Custom days from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static BillingPeriod Custom(DateOnly first, DateOnly last) => new(BillingPeriodKind.Custom, first, last.AddDays(1));

    /// <summary>The same kind of period right after this one (what the next advance payment is proposed for).</summary>
    public BillingPeriod Next() => Kind switch
    {
        BillingPeriodKind.Month => Month(End.Year, End.Month),
        BillingPeriodKind.Quarter => this with { Start = End, End = End.AddMonths(3) },
        _ => this with { Start = End, End = End.AddDays(Days) },
    };

    /// <summary>
    /// Why the period cannot be billed, as a message key of the shared resource, null when it can: its end before its
    /// start, longer than <see cref="MaxDays"/>, or not over yet (a running period is billed when it has ended).
    /// </summary>
    public string? Problem(DateOnly today) =>
        End <= Start ? "Billing.Period.EndBeforeStart"
        : Days > MaxDays ? "Billing.Period.TooLong"
        : End > today ? "Billing.Period.NotOver"
        : null;
}
