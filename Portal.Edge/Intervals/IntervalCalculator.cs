using Portal.Contracts.Mqtt;

namespace Portal.Edge.Intervals;

/// <summary>Import/export energy registers of one meter as read at (about) a quarter-hour boundary.</summary>
public sealed record RegisterSnapshot(string MeterId, DateTimeOffset TakenAt, long ImportWh, long ExportWh);

/// <summary>The last accepted snapshot of a meter, pinned to its boundary; persisted so intervals survive restarts.</summary>
public sealed record MeterBaseline(string MeterId, DateTimeOffset Boundary, long ImportWh, long ExportWh);

/// <summary>
/// Energy between two boundaries. Normally one quarter-hour; longer when the edge missed boundaries
/// (the registers only tell the total, so the span is reported as it is instead of being guessed apart).
/// </summary>
public sealed record IntervalEnergy(string MeterId, DateTimeOffset Start, DateTimeOffset End, long ImportWh, long ExportWh, bool CounterWentBackwards)
{
    public int Quarters => (int)((End - Start).Ticks / QuarterHour.Length.Ticks);

    public bool SpansMissedQuarters => Quarters > 1;
}

public enum SnapshotOutcome
{
    /// <summary>No earlier snapshot: this one becomes the baseline, no energy yet.</summary>
    FirstBaseline,

    Interval,

    /// <summary>Taken too far from any boundary to be attributed to one; ignored.</summary>
    NotNearBoundary,

    /// <summary>For a boundary at or before the baseline (duplicate read, clock stepped back); ignored.</summary>
    NotAfterBaseline,

    /// <summary>Negative register values: a decoding fault, never a reading; ignored.</summary>
    Implausible,
}

/// <summary>What one snapshot did: the baseline to store (null = keep the old one) and the interval, if any.</summary>
public sealed record IntervalStep(SnapshotOutcome Outcome, MeterBaseline? NewBaseline, IntervalEnergy? Interval);

/// <summary>
/// Turns register snapshots into interval energy. Pure: the caller loads and stores the baseline.
/// The registers are the truth: energy is always a difference of two register readings, so nothing is
/// lost or invented across restarts, outages or missed polls.
/// </summary>
public sealed class IntervalCalculator(TimeSpan boundaryTolerance)
{
    /// <summary>A poll that lands within this distance of a boundary is attributed to it.</summary>
    public TimeSpan BoundaryTolerance { get; } = boundaryTolerance;

    public IntervalCalculator()
        : this(TimeSpan.FromSeconds(60))
    {
    }

    public IntervalStep Next(MeterBaseline? baseline, RegisterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.ImportWh < 0 || snapshot.ExportWh < 0)
        {
            return new IntervalStep(SnapshotOutcome.Implausible, null, null);
        }

        var boundary = QuarterHour.Nearest(snapshot.TakenAt);
        if ((snapshot.TakenAt - boundary).Duration() > BoundaryTolerance)
        {
            return new IntervalStep(SnapshotOutcome.NotNearBoundary, null, null);
        }

        var newBaseline = new MeterBaseline(snapshot.MeterId, boundary, snapshot.ImportWh, snapshot.ExportWh);
        if (baseline is null)
        {
            return new IntervalStep(SnapshotOutcome.FirstBaseline, newBaseline, null);
        }

        if (boundary <= baseline.Boundary)
        {
            return new IntervalStep(SnapshotOutcome.NotAfterBaseline, null, null);
        }

        var importDelta = snapshot.ImportWh - baseline.ImportWh;
        var exportDelta = snapshot.ExportWh - baseline.ExportWh;

        // A register that went down means a swapped or reset meter: the energy of this span is unknown,
        // so it is flagged with zero energy (never negative) and the new reading becomes the baseline.
        var backwards = importDelta < 0 || exportDelta < 0;
        var interval = backwards
            ? new IntervalEnergy(snapshot.MeterId, baseline.Boundary, boundary, 0, 0, CounterWentBackwards: true)
            : new IntervalEnergy(snapshot.MeterId, baseline.Boundary, boundary, importDelta, exportDelta, CounterWentBackwards: false);
        return new IntervalStep(SnapshotOutcome.Interval, newBaseline, interval);
    }
}
