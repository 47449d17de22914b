namespace Portal.Billing;

/// <summary>A resident's stay at a billing point, from local midnight of the move-in to local midnight of the move-out (INV-07).</summary>
public sealed record ResidentStay(Guid ResidentId, UtcSpan Span);

/// <summary>A billing point as the allocation sees it: its residents' stays, and whether it is a common area (ZEV-08).</summary>
public sealed record BillingPointSetup(Guid Id, bool IsCommonArea, IReadOnlyList<ResidentStay> Stays);

/// <summary>
/// Part of the period under one tariff version (prices and HT/NT calendar); a version change splits the invoice
/// lines at that day (INV-07). <see cref="IsHighTariff"/> takes a quarter-hour's start in UTC.
/// </summary>
public sealed record TariffSegment(UtcSpan Span, Func<DateTime, bool> IsHighTariff);

/// <summary>
/// What a billing run allocates: the period's quarter-hours, the billing points with their residents, which billing
/// point each consumption meter belongs to, which meters are common areas, and the tariff segments that cover the
/// period (a part of the period no segment covers is a tariff gap; the run refuses to issue then).
/// </summary>
public sealed record BillingSetup(
    UtcSpan Period,
    IReadOnlyList<BillingPointSetup> Points,
    IReadOnlyDictionary<string, Guid?> MeterPoints,
    IReadOnlySet<string> CommonAreaMeters,
    IReadOnlyList<TariffSegment> Segments,
    Guid? SingleConsumerPoint = null)
{
    public static readonly TimeSpan QuarterHour = TimeSpan.FromMinutes(15);
}
