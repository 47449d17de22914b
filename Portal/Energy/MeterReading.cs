namespace Portal.Energy;

/// <summary>
/// One meter's energy in one quarter-hour, as the balance reads it: measured, or a share of an interval that spanned
/// a gap (<see cref="Estimated"/>, see <see cref="IntervalSpread"/>).
/// </summary>
public readonly record struct MeterReading(long ImportWh, long ExportWh, bool Estimated, bool CounterWentBackwards)
{
    /// <summary>No interval covers the quarter-hour.</summary>
    public static MeterReading Missing => default;

    public bool IsPresent => this != default;
}

/// <summary>A stored interval of one meter (start and end on quarter-hour boundaries, end after start).</summary>
public readonly record struct StoredInterval(DateTime StartUtc, DateTime EndUtc, long ImportWh, long ExportWh, bool CounterWentBackwards);
