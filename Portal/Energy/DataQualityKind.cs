namespace Portal.Energy;

/// <summary>What is wrong with a site's stored data over a span (<see cref="DataQualityFinder"/>).</summary>
public enum DataQualityKind
{
    /// <summary>Quarter-hours of a meter that reported before, covered by no interval at all.</summary>
    MissingQuarterHours,

    /// <summary>Quarter-hours of a meter whose counter went backwards (swap or reset): they carry no energy.</summary>
    CounterWentBackwards,

    /// <summary>Quarter-hours read from one interval that spanned a gap: spread by <see cref="IntervalSpread"/>, estimated.</summary>
    MergedGap,

    /// <summary>A meter not heard from now (<see cref="Telemetry.GatewayOverview.MeterSilentAfter"/>).</summary>
    NotAnswering,

    /// <summary>Quarter-hours whose residual is above <see cref="DataQualityFinder.IsHighResidual"/>.</summary>
    HighResidual,

    /// <summary>Quarter-hours whose sources and sinks disagree (<see cref="SiteEnergy.ImbalanceWh"/> not 0).</summary>
    Imbalance,
}
