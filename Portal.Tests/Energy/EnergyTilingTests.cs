using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyTilingTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    [Fact]
    public void A_period_is_read_from_whole_months_then_whole_days_then_quarter_hours()
    {
        // From 14 March 12:00 local to 3 May 00:00 local.
        var from = new DateTime(2026, 3, 14, 11, 0, 0, DateTimeKind.Utc);
        var to = EnergyBuckets.LocalMidnight(new DateOnly(2026, 5, 3), Zurich);

        var tiles = EnergyTiling.Of(from, to, Zurich);

        Assert.Equal(
            [
                new EnergyTile(EnergyResolution.QuarterHour, from, EnergyBuckets.LocalMidnight(new(2026, 3, 15), Zurich)),
                new EnergyTile(EnergyResolution.Day, EnergyBuckets.LocalMidnight(new(2026, 3, 15), Zurich), EnergyBuckets.LocalMidnight(new(2026, 4, 1), Zurich)),
                new EnergyTile(EnergyResolution.Month, EnergyBuckets.LocalMidnight(new(2026, 4, 1), Zurich), EnergyBuckets.LocalMidnight(new(2026, 5, 1), Zurich)),
                new EnergyTile(EnergyResolution.Day, EnergyBuckets.LocalMidnight(new(2026, 5, 1), Zurich), to),
            ],
            tiles);
    }

    [Fact]
    public void Tiles_cover_the_period_exactly_once()
    {
        var from = new DateTime(2025, 12, 30, 17, 45, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 11, 2, 6, 30, 0, DateTimeKind.Utc);

        var tiles = EnergyTiling.Of(from, to, Zurich);

        Assert.Equal(from, tiles[0].FromUtc);
        Assert.Equal(to, tiles[^1].ToUtc);
        Assert.All(tiles.Zip(tiles.Skip(1)), pair => Assert.Equal(pair.First.ToUtc, pair.Second.FromUtc));
    }
}
