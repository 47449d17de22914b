using System.Globalization;

namespace Portal.Billing;

/// <summary>A meter's quarter-hours without data while an account had it (shown in the draft run: how many and where).</summary>
public sealed record MissingData(string MeterId, UtcSpan Span)
{
    /// <summary>The spans as a draft keeps them (<see cref="Invoice.MissingSpans"/>): one "meter|fromUtc|toUtc" line each, round-trip instants; null for none.</summary>
    public static string? Lines(IEnumerable<MissingData> missing)
    {
        var lines = missing.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.MeterId}|{m.Span.FromUtc:O}|{m.Span.ToUtc:O}")).ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>The spans <see cref="Lines"/> wrote (a meter id may hold '|': the instants are the last two fields); a line that is not one is skipped.</summary>
    public static IReadOnlyList<MissingData> Parse(string? lines)
    {
        var spans = new List<MissingData>();
        foreach (var line in (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var toAt = line.LastIndexOf('|');
            var fromAt = toAt > 0 ? line.LastIndexOf('|', toAt - 1) : -1;
            if (fromAt > 0
                && DateTime.TryParse(line[(fromAt + 1)..toAt], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var from)
                && DateTime.TryParse(line[(toAt + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var to))
            {
                spans.Add(new MissingData(line[..fromAt], new UtcSpan(from.ToUniversalTime(), to.ToUniversalTime())));
            }
        }

        return spans;
    }
}

/// <summary>
/// One account's energy over the period, per tariff segment (index as in <see cref="BillingSetup.Segments"/>): its own
/// meters' solar and grid split HT/NT, its share of common electricity (common areas and the residual, ZEV-08), and the
/// data it lacks. <see cref="EstimatePerSegment"/> is what the missing quarter-hours are worth by the estimation rule
/// of <see cref="BillingAllocation"/>; it is billed only when the owner chooses to estimate.
/// </summary>
public sealed record AccountEnergy(
    BillingAccount Account,
    IReadOnlyList<UtcSpan> Spans,
    IReadOnlyList<EnergySplit> OwnPerSegment,
    IReadOnlyList<EnergySplit> CommonPerSegment,
    IReadOnlyList<EnergySplit> EstimatePerSegment,
    int MissingQuarterHours,
    int EstimatedQuarterHours,
    IReadOnlyList<MissingData> Missing,
    bool CannotEstimate)
{
    public EnergySplit Own => OwnPerSegment.Aggregate(default(EnergySplit), (a, b) => a.Plus(b));

    public EnergySplit Common => CommonPerSegment.Aggregate(default(EnergySplit), (a, b) => a.Plus(b));

    public EnergySplit Estimate => EstimatePerSegment.Aggregate(default(EnergySplit), (a, b) => a.Plus(b));
}

/// <summary>
/// The period's grid and solar energy at the introduction meter and where the allocation put it, for the owner to
/// check before anything is issued: participants (vacancy included) + common areas + residual + meters without a
/// billing point = the grid energy that reached the loads; what charged the battery stays with the owner.
/// <see cref="DifferenceWh"/> is non-zero only when the private meters counted more than the introduction meter
/// (a negative residual, never billed to anyone).
/// </summary>
public sealed record Reconciliation(
    long GridImportWh,
    long GridToBatteryWh,
    long GridToLoadWh,
    long GridExportWh,
    long ProductionWh,
    long SolarUsedWh,
    EnergySplit Participants,
    EnergySplit CommonAreas,
    EnergySplit Residual,
    EnergySplit Unassigned,
    long NegativeResidualWh)
{
    public long AllocatedGridWh => Participants.GridWh + CommonAreas.GridWh + Residual.GridWh + Unassigned.GridWh;

    public long AllocatedSolarWh => Participants.SolarWh + CommonAreas.SolarWh + Residual.SolarWh + Unassigned.SolarWh;

    public long DifferenceWh => GridToLoadWh - AllocatedGridWh;
}

/// <summary>
/// Everything a billing run allocated: one entry per account, the reconciliation, the parts of the period no tariff
/// covers, the common-area meters' missing data (their energy is in the residual meanwhile, so it is shared anyway)
/// and the quarter-hours without a site balance at all.
/// </summary>
public sealed record AllocationResult(IReadOnlyList<AccountEnergy> Accounts, Reconciliation Reconciliation, IReadOnlyList<UtcSpan> TariffGaps)
{
    public IReadOnlyList<MissingData> CommonMissing { get; init; } = [];

    public int SiteMissingQuarterHours { get; init; }
}
