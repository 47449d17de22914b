using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class SolarAllocationTests
{
    [Fact]
    public void Solar_is_split_in_proportion_to_consumption_when_consumers_use_more_than_the_sun_gives()
    {
        // ZEV-07: P = 600 Wh, C = 300 + 900 = 1200 Wh, so each gets half of their energy from the sun.
        var allocation = SolarAllocation.Of(600, new Dictionary<string, long> { ["apt-1"] = 300, ["apt-2"] = 900 });

        Assert.Equal(new ConsumerShare(150, 150), allocation.Consumers["apt-1"]);
        Assert.Equal(new ConsumerShare(450, 450), allocation.Consumers["apt-2"]);
        Assert.Equal((600, 600, 0), (allocation.SolarUsedWh, allocation.GridWh, allocation.SurplusWh));
    }

    [Fact]
    public void With_more_sun_than_consumption_everyone_is_solar_and_the_rest_is_surplus()
    {
        var allocation = SolarAllocation.Of(2000, new Dictionary<string, long> { ["apt-1"] = 300, ["apt-2"] = 900 });

        Assert.Equal(new ConsumerShare(300, 0), allocation.Consumers["apt-1"]);
        Assert.Equal(new ConsumerShare(900, 0), allocation.Consumers["apt-2"]);
        Assert.Equal(800, allocation.SurplusWh);
    }

    [Fact]
    public void At_night_everything_comes_from_the_grid()
    {
        var allocation = SolarAllocation.Of(0, new Dictionary<string, long> { ["apt-1"] = 120 });

        Assert.Equal(new ConsumerShare(0, 120), allocation.Consumers["apt-1"]);
        Assert.Equal(0, allocation.SurplusWh);
    }

    [Theory]
    [InlineData(100L, new long[] { 1, 1, 1 })]
    [InlineData(2L, new long[] { 1, 1, 1 })]
    [InlineData(1000L, new long[] { 333, 333, 334, 7 })]
    [InlineData(7L, new long[] { 10, 10, 10 })]
    [InlineData(12_345L, new long[] { 9_999, 1, 4_321, 0, 8_765 })]
    public void Shares_in_whole_Wh_add_up_exactly_to_the_solar_used_and_each_stays_within_its_consumption(long production, long[] consumption)
    {
        var consumers = consumption.Select((wh, i) => ($"m{i}", wh)).ToDictionary(c => c.Item1, c => c.wh);

        var allocation = SolarAllocation.Of(production, consumers);

        // ZEV-07's balance check: Σsolar = min(P, C); every consumer's energy is solar + grid.
        Assert.Equal(Math.Min(production, consumption.Sum()), allocation.SolarUsedWh);
        Assert.All(consumers, c => Assert.Equal(c.Value, allocation.Consumers[c.Key].ConsumedWh));
        Assert.All(allocation.Consumers.Values, s => Assert.InRange(s.SolarWh, 0, s.ConsumedWh));
        Assert.Equal(Math.Max(0, production - consumption.Sum()), allocation.SurplusWh);
    }

    [Fact]
    public void Rounding_does_not_depend_on_the_order_consumers_are_listed_in()
    {
        // 2 Wh of sun for three consumers of 1 Wh: two of them get the rounded-off Wh, always the same two.
        var forward = SolarAllocation.Of(2, new Dictionary<string, long> { ["a"] = 1, ["b"] = 1, ["c"] = 1 });
        var backward = SolarAllocation.Of(2, new Dictionary<string, long> { ["c"] = 1, ["b"] = 1, ["a"] = 1 });

        Assert.Equal(forward.Consumers.OrderBy(c => c.Key), backward.Consumers.OrderBy(c => c.Key));
        Assert.Equal([1L, 1L, 0L], forward.Consumers.OrderBy(c => c.Key).Select(c => c.Value.SolarWh));
    }

    [Fact]
    public void A_rounded_off_Wh_goes_to_the_largest_remainder_and_on_equal_remainders_to_the_larger_consumer()
    {
        // 2 Wh for 2 + 1 Wh: x 4/3 = 1 rest 1, y 2/3 = 0 rest 2, so y's larger remainder takes the Wh left.
        var byRemainder = SolarAllocation.Of(2, new Dictionary<string, long> { ["x"] = 2, ["y"] = 1 });
        // 2 Wh for 3 + 1 Wh: a 6/4 = 1 rest 2, b 2/4 = 0 rest 2, equal: the larger consumer a takes it.
        var byConsumption = SolarAllocation.Of(2, new Dictionary<string, long> { ["b"] = 1, ["a"] = 3 });

        Assert.Equal((1L, 1L), (byRemainder.Consumers["x"].SolarWh, byRemainder.Consumers["y"].SolarWh));
        Assert.Equal((2L, 0L), (byConsumption.Consumers["a"].SolarWh, byConsumption.Consumers["b"].SolarWh));
    }

    [Fact]
    public void A_negative_consumption_is_refused_with_the_consumer_named()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => SolarAllocation.Of(10, new Dictionary<string, long> { ["apt-9"] = -5 }));

        Assert.Contains("apt-9", refused.Message, StringComparison.Ordinal);
    }
}
