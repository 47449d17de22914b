using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class QuarterHourChangesTests
{
    private static readonly Guid SiteId = Guid.NewGuid();
    private static readonly DateTime Noon = new(2026, 6, 18, 10, 0, 0, DateTimeKind.Utc);
    private static readonly HashSet<string> Consumers = ["apt-1", "apt-2"];

    [Fact]
    public void Rows_equal_to_the_stored_ones_are_not_written()
    {
        var changes = QuarterHourChanges.Between([Site(Noon, 800)], [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)],
            [Site(Noon, 800)], [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)], Consumers);

        Assert.Empty(changes.Sites);
        Assert.Empty(changes.Meters);
        Assert.Empty(changes.MeterDeltas);
        Assert.False(changes.HasFormerConsumers);
    }

    [Fact]
    public void A_changed_row_is_written_and_moves_its_roll_ups_by_the_difference_and_a_new_row_by_itself()
    {
        var later = Noon.AddMinutes(15);
        var changes = QuarterHourChanges.Between([Site(Noon, 800)], [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)],
            [Site(Noon, 900), Site(later, 50)], [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 600, 180), Meter("apt-1", later, 50, 0)], Consumers);

        Assert.Equal([(Noon, 900L), (later, 50L)], changes.Sites.Select(s => (s.StartUtc, s.MeteredWh)));
        Assert.Equal([("apt-2", Noon, 600L), ("apt-1", later, 50L)], changes.Meters.Select(m => (m.MeterId, m.StartUtc, m.ConsumedWh)));
        Assert.Equal([("apt-2", 100L, -20L), ("apt-1", 50L, 0L)], changes.MeterDeltas.Select(m => (m.MeterId, m.ConsumedWh, m.SolarWh)));
    }

    [Fact]
    public void Stored_rows_of_a_meter_that_is_no_longer_a_consumer_are_reported_for_deletion()
    {
        var changes = QuarterHourChanges.Between([Site(Noon, 300)], [Meter("pv", Noon, 800, 0), Meter("apt-1", Noon, 300, 100)],
            [Site(Noon, 300)], [Meter("apt-1", Noon, 300, 100)], Consumers);

        Assert.True(changes.HasFormerConsumers);
        Assert.Empty(changes.Meters);
    }

    private static SiteEnergy Site(DateTime start, long metered) =>
        new() { SiteId = SiteId, StartUtc = start, QuarterHours = 1, MeteredWh = metered, ConsumptionWh = metered };

    private static MeterEnergy Meter(string id, DateTime start, long consumed, long solar) =>
        new() { MeterId = id, SiteId = SiteId, StartUtc = start, ConsumedWh = consumed, SolarWh = solar };
}
