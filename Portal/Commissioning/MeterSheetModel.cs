using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>The kinds of site an installer commissions (seed 000).</summary>
public enum SiteType
{
    /// <summary>One grid connection, many consumers behind it.</summary>
    StandardRcp,

    /// <summary>Several buildings behind one grid connection.</summary>
    Microgrid,

    /// <summary>Several grid connections, each with its DSO meter, grouped for billing.</summary>
    VirtualRcp,

    /// <summary>A house with PV: consumption = production + withdrawal - injection.</summary>
    SingleConsumer,

    /// <summary>Commercial building, campsite, port.</summary>
    Generic,
}

/// <summary>One pasted or uploaded row, exactly as typed (columns: name, model, CT ratio, serial, bus, unit id, role, billing point).</summary>
public sealed record MeterRow(
    int Line,
    string Name,
    string Model,
    string CtRatio,
    string Serial,
    string Bus,
    string UnitId,
    string Role,
    string BillingPoint);

/// <summary>A problem in one cell (or, with an empty column, in the whole row), worded for the installer.</summary>
public sealed record CellError(int Line, string Column, string Message, bool IsWarning = false);

/// <summary>A row that passed every check, typed and ready to store.</summary>
public sealed record ValidMeter(
    int Line,
    string Name,
    string Model,
    int? CtRatio,
    string Serial,
    string BusId,
    int UnitId,
    MeterRole Role,
    string? BillingPoint);

/// <summary>What the site already has, against which rows are checked.</summary>
public sealed record SiteLayout(
    SiteType Type,
    IReadOnlyList<BusSpec> Buses,
    IReadOnlyList<GridConnectionSpec> GridConnections,
    IReadOnlyList<ExistingMeter> Meters);

/// <summary>A bus as the installer named it; converters have a host (IP) and port.</summary>
public sealed record BusSpec(string Id, string Name, BusKind Kind, string? Host, int? Port);

public sealed record GridConnectionSpec(Guid Id, string Name);

/// <summary>A meter already stored on the site (checked for unit-id and serial clashes with new rows).</summary>
/// <remarks><paramref name="Serial"/> was added after the first six members, with a default, so existing callers still compile.</remarks>
public sealed record ExistingMeter(string Id, string Name, string BusId, int UnitId, MeterRole Role, Guid? GridConnectionId, string? Serial = null);

/// <summary>The outcome of checking a sheet: good rows, and every error and warning by cell.</summary>
public sealed record MeterSheetCheck(IReadOnlyList<ValidMeter> Valid, IReadOnlyList<CellError> Problems)
{
    public bool HasErrors => Problems.Any(p => !p.IsWarning);

    /// <summary>Lines with at least one error (warnings do not block saving).</summary>
    public IReadOnlySet<int> RejectedLines => Problems.Where(p => !p.IsWarning).Select(p => p.Line).ToHashSet();
}

/// <summary>A whole-site finding (not tied to one row): one introduction per grid connection, segment size, converter addresses.</summary>
public sealed record SiteFinding(string Message, bool IsWarning = false);

/// <summary>How a meter looks in the live inspection.</summary>
public enum InspectionStatus
{
    /// <summary>Answers, with plausible values.</summary>
    Ok,

    /// <summary>No reading yet, or none for longer than the tolerance.</summary>
    NotAnswering,

    /// <summary>Voltage outside 180-260 V, or a phase missing.</summary>
    Implausible,

    /// <summary>Negative power on a consumer-type meter: CT or wiring mounted the wrong way.</summary>
    Reversed,
}

/// <summary>The verdict on one meter, with a hint in the installer's words.</summary>
public sealed record MeterInspection(string MeterId, InspectionStatus Status, string Hint);

/// <summary>The wizard's steps in order; a site remembers the furthest one completed.</summary>
public enum WizardStep
{
    Site = 1,
    Router,
    Gateway,
    Buses,
    Meters,
    Pv,
    Battery,
    Review,
}
