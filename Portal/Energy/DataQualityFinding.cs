namespace Portal.Energy;

/// <summary>
/// One data-quality problem of a site over [<paramref name="StartUtc"/>, <paramref name="EndUtc"/>): consecutive
/// quarter-hours of one kind (and one meter, for the meters' kinds) make one finding.
/// </summary>
/// <param name="MeterId">The meter concerned; null for the site's balance (residual, imbalance).</param>
/// <param name="QuarterHours">Quarter-hours in the span; 0 for <see cref="DataQualityKind.NotAnswering"/>, which is a state now.</param>
/// <param name="EnergyWh">The residual or imbalance summed over the span; null for the meters' kinds.</param>
/// <remarks>A meter not answering starts when it was last heard and ends now.</remarks>
public sealed record DataQualityFinding(DataQualityKind Kind, string? MeterId, DateTime StartUtc, DateTime EndUtc, int QuarterHours, long? EnergyWh = null);
