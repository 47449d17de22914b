namespace Portal.Billing;

/// <summary>Where a billing run stands: drafts the owner reviews, approved (drafts frozen for issuing), issued.</summary>
public enum BillingRunStatus
{
    Draft,
    Approved,
    Issued,
}

/// <summary>
/// One billing of a site's period: the drafts of every account (or of one billing point, for a correction), the
/// owner's choice for missing data, and the reconciliation it was computed with (Wh, see <see cref="Reconciliation"/>).
/// </summary>
public sealed class BillingRun
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public BillingPeriodKind Kind { get; set; }

    /// <summary>First local day billed.</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>First local day after the period.</summary>
    public DateOnly PeriodEnd { get; set; }

    public BillingRunStatus Status { get; set; }

    /// <summary>The owner chose to bill missing quarter-hours by the estimation rule (<see cref="BillingAllocation"/>) instead of waiting.</summary>
    public bool EstimateMissing { get; set; }

    /// <summary>A correction run bills this billing point only; null bills the whole site.</summary>
    public Guid? BillingPointId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public Guid CreatedById { get; set; }

    public DateTime? ComputedUtc { get; set; }

    public DateTime? ApprovedUtc { get; set; }

    public DateTime? IssuedUtc { get; set; }

    public long GridImportWh { get; set; }

    public long GridToBatteryWh { get; set; }

    public long GridToLoadWh { get; set; }

    public long GridExportWh { get; set; }

    public long ProductionWh { get; set; }

    public long SolarUsedWh { get; set; }

    public long ParticipantsGridWh { get; set; }

    public long ParticipantsSolarWh { get; set; }

    public long CommonAreasGridWh { get; set; }

    public long CommonAreasSolarWh { get; set; }

    public long ResidualGridWh { get; set; }

    public long ResidualSolarWh { get; set; }

    public long UnassignedGridWh { get; set; }

    public long UnassignedSolarWh { get; set; }

    public long NegativeResidualWh { get; set; }

    public List<Invoice> Invoices { get; set; } = [];

    public BillingPeriod Period => new(Kind, PeriodStart, PeriodEnd);

    public void Record(Reconciliation reconciliation)
    {
        GridImportWh = reconciliation.GridImportWh;
        GridToBatteryWh = reconciliation.GridToBatteryWh;
        GridToLoadWh = reconciliation.GridToLoadWh;
        GridExportWh = reconciliation.GridExportWh;
        ProductionWh = reconciliation.ProductionWh;
        SolarUsedWh = reconciliation.SolarUsedWh;
        ParticipantsGridWh = reconciliation.Participants.GridWh;
        ParticipantsSolarWh = reconciliation.Participants.SolarWh;
        CommonAreasGridWh = reconciliation.CommonAreas.GridWh;
        CommonAreasSolarWh = reconciliation.CommonAreas.SolarWh;
        ResidualGridWh = reconciliation.Residual.GridWh;
        ResidualSolarWh = reconciliation.Residual.SolarWh;
        UnassignedGridWh = reconciliation.Unassigned.GridWh;
        UnassignedSolarWh = reconciliation.Unassigned.SolarWh;
        NegativeResidualWh = reconciliation.NegativeResidualWh;
    }

    /// <summary>Grid Wh that reached the loads and no account, common area or residual holds (non-zero: a negative residual).</summary>
    public long DifferenceWh => GridToLoadWh - ParticipantsGridWh - CommonAreasGridWh - ResidualGridWh - UnassignedGridWh;
}
