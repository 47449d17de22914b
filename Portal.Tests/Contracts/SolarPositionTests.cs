using Portal.Contracts.Solar;

namespace Portal.Tests.Contracts;

public sealed class SolarPositionTests
{
    private const double BernLatitude = 46.95;
    private const double BernLongitude = 7.45;

    [Theory]
    // Noon at the solstices: 90 - latitude +- the sun's declination (23.44).
    [InlineData("2026-06-21T11:30:00Z", 66.5)]
    [InlineData("2026-12-21T11:40:00Z", 19.6)]
    // Equinox noon: 90 - latitude.
    [InlineData("2026-03-20T11:37:00Z", 43.0)]
    public void The_sun_stands_as_high_at_noon_as_latitude_and_season_say(string instant, double expected)
    {
        Assert.InRange(SolarPosition.ElevationDegrees(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), BernLatitude, BernLongitude), expected - 0.7, expected + 0.7);
    }

    [Fact]
    public void In_Bern_on_the_first_of_December_the_sun_rises_near_07_50_local_time()
    {
        double At(int hour, int minute) => SolarPosition.ElevationDegrees(new DateTimeOffset(2026, 12, 1, hour, minute, 0, TimeSpan.FromHours(1)), BernLatitude, BernLongitude);

        Assert.True(At(7, 30) < -1, $"{At(7, 30)} at 07:30");
        Assert.InRange(At(7, 52), -1.5, 1.5);
        Assert.True(At(8, 30) > 3, $"{At(8, 30)} at 08:30");
        Assert.True(At(0, 0) < -60, $"{At(0, 0)} at midnight");
    }

    [Fact]
    public void A_clear_sky_gives_nothing_with_the_sun_down_little_at_dawn_and_most_of_the_peak_overhead()
    {
        Assert.Equal(0, SolarPosition.ClearSkyShare(-3));
        Assert.InRange(SolarPosition.ClearSkyShare(2), 0, 0.01);
        Assert.InRange(SolarPosition.ClearSkyShare(20), 0.2, 0.35);
        Assert.InRange(SolarPosition.ClearSkyShare(66), 0.85, 0.95);
        Assert.Equal(1, SolarPosition.ClearSkyShare(90), 3);
    }
}
