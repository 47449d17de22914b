namespace Portal.Contracts.Solar;

/// <summary>
/// Where the sun stands, seen from a place on earth: the short form of the astronomical almanac's
/// formulas (good to about half a degree between 1950 and 2050), enough to tell day from night for PV.
/// Shared by the portal's inspection (a PV meter producing at night) and the site simulator (PV that follows the sun).
/// </summary>
public static class SolarPosition
{
    private const double Degrees = 180 / Math.PI;

    /// <summary>Elevation of the sun's centre above the horizon in degrees (negative: below it).</summary>
    public static double ElevationDegrees(DateTimeOffset instant, double latitudeDegrees, double longitudeDegrees)
    {
        var days = (instant.UtcDateTime - new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc)).TotalDays;
        var meanAnomaly = Normalise(357.529 + 0.98560028 * days) / Degrees;
        var meanLongitude = Normalise(280.459 + 0.98564736 * days);
        var eclipticLongitude = (meanLongitude + 1.915 * Math.Sin(meanAnomaly) + 0.020 * Math.Sin(2 * meanAnomaly)) / Degrees;
        var obliquity = (23.439 - 0.00000036 * days) / Degrees;

        var rightAscension = Math.Atan2(Math.Cos(obliquity) * Math.Sin(eclipticLongitude), Math.Cos(eclipticLongitude)) * Degrees;
        var declination = Math.Asin(Math.Sin(obliquity) * Math.Sin(eclipticLongitude));
        var siderealDegrees = Normalise((18.697374558 + 24.06570982441908 * days) * 15 + longitudeDegrees);
        var hourAngle = (siderealDegrees - rightAscension) / Degrees;

        var latitude = latitudeDegrees / Degrees;
        var sine = Math.Sin(latitude) * Math.Sin(declination) + Math.Cos(latitude) * Math.Cos(declination) * Math.Cos(hourAngle);
        return Math.Asin(Math.Clamp(sine, -1, 1)) * Degrees;
    }

    /// <summary>
    /// Share of a PV array's peak power under a clear sky for a sun at <paramref name="elevationDegrees"/>:
    /// the projection onto the ground times the atmosphere's loss along the air mass (Meinel's fit), 1 with the sun overhead.
    /// </summary>
    public static double ClearSkyShare(double elevationDegrees)
    {
        if (elevationDegrees <= 0)
        {
            return 0;
        }

        var sine = Math.Sin(elevationDegrees / Degrees);
        var airMass = 1 / sine;
        return sine * Math.Pow(0.7, Math.Pow(airMass, 0.678)) / 0.7;
    }

    private static double Normalise(double degrees) => ((degrees % 360) + 360) % 360;
}
