namespace Portal.Energy;

/// <summary>
/// The length of a bucket of <see cref="SiteEnergy"/> and <see cref="MeterEnergy"/>. Quarter-hours are computed
/// from the meters' intervals; every longer bucket is the exact sum of its quarter-hours, so a total never depends
/// on the bucket it was read from. Hours are UTC hours; days and months are the site's local calendar.
/// </summary>
public enum EnergyResolution
{
    QuarterHour = 0,
    Hour = 1,
    Day = 2,
    Month = 3,
}
