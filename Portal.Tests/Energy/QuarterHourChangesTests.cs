using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class QuarterHourChangesTests
{
    private static readonly Guid SiteId = Guid.NewGuid();
    private static readonly DateTime Noon = new(2026, 6, 18, 10, 0, 0, DateTimeKind.Utc);
    private static readonly HashSet<string> Consumers = ["apt-1", "apt-2"];

    [Fact]
    public void A_quarter_hour_whose_site_row_and_fingerprint_are_unchanged_is_not_written_and_its_meter_rows_not_read()
    {
        MeterEnergy[] meters = [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)];
        var asked = new List<DateTime>();

        var changes = QuarterHourChanges.Between([Site(Noon, 800, meters)], [Site(Noon, 800, meters)],
            starts => { asked.AddRange(starts); return meters; }, meters, Consumers);

        Assert.Empty(asked);
        Assert.Empty(changes.Sites);
        Assert.Empty(changes.Meters);
        Assert.Empty(changes.MeterDeltas);
        Assert.False(changes.HasFormerConsumers);
    }

    [Fact]
    public void Meter_rows_that_trade_energy_change_the_fingerprint_though_the_site_figures_stay()
    {
        MeterEnergy[] stored = [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)];
        MeterEnergy[] computed = [Meter("apt-1", Noon, 500, 200), Meter("apt-2", Noon, 300, 100)];

        var changes = QuarterHourChanges.Between([Site(Noon, 800, stored)], [Site(Noon, 800, computed)], _ => stored, computed, Consumers);

        Assert.Single(changes.Sites);
        Assert.Equal([("apt-1", 200L, 100L), ("apt-2", -200L, -100L)], changes.MeterDeltas.Select(m => (m.MeterId, m.ConsumedWh, m.SolarWh)));
    }

    [Fact]
    public void A_changed_row_is_written_and_moves_its_roll_ups_by_the_difference_and_a_new_row_by_itself()
    {
        var later = Noon.AddMinutes(15);
        MeterEnergy[] stored = [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)];
        MeterEnergy[] computed = [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 600, 180), Meter("apt-1", later, 50, 0)];

        var changes = QuarterHourChanges.Between([Site(Noon, 800, stored)], [Site(Noon, 900, computed[..2]), Site(later, 50, computed[2..])],
            starts => stored.Where(m => starts.Contains(m.StartUtc)), computed, Consumers);

        Assert.Equal([(Noon, 900L), (later, 50L)], changes.Sites.Select(s => (s.StartUtc, s.MeteredWh)));
        Assert.Equal([("apt-2", Noon, 600L), ("apt-1", later, 50L)], changes.Meters.Select(m => (m.MeterId, m.StartUtc, m.ConsumedWh)));
        Assert.Equal([("apt-2", 100L, -20L), ("apt-1", 50L, 0L)], changes.MeterDeltas.Select(m => (m.MeterId, m.ConsumedWh, m.SolarWh)));
    }

    [Fact]
    public void Stored_rows_of_a_meter_that_is_no_longer_a_consumer_are_reported_for_deletion()
    {
        MeterEnergy[] stored = [Meter("pv", Noon, 800, 0), Meter("apt-1", Noon, 300, 100)];
        MeterEnergy[] computed = [Meter("apt-1", Noon, 300, 100)];

        var changes = QuarterHourChanges.Between([Site(Noon, 300, stored)], [Site(Noon, 300, computed)], _ => stored, computed, Consumers);

        Assert.True(changes.HasFormerConsumers);
        Assert.Empty(changes.Meters);
    }

    [Fact]
    public void The_fingerprint_does_not_depend_on_the_order_of_the_rows_but_on_every_figure()
    {
        MeterEnergy[] rows = [Meter("apt-1", Noon, 300, 100), Meter("apt-2", Noon, 500, 200)];

        Assert.Equal(MeterFingerprint.Of(rows), MeterFingerprint.Of([rows[1], rows[0]]));
        Assert.NotEqual(MeterFingerprint.Of(rows), MeterFingerprint.Of([rows[0], Meter("apt-2", Noon, 500, 201)]));
        Assert.NotEqual(MeterFingerprint.Of(rows), MeterFingerprint.Of([rows[0], Meter("apt-3", Noon, 500, 200)]));
    }

    private static SiteEnergy Site(DateTime start, long metered, MeterEnergy[] meters) =>
        new() { SiteId = SiteId, StartUtc = start, QuarterHours = 1, MeteredWh = metered, ConsumptionWh = metered, MeterRowsFingerprint = MeterFingerprint.Of(meters) };

    private static MeterEnergy Meter(string id, DateTime start, long consumed, long solar) =>
        new() { MeterId = id, SiteId = SiteId, StartUtc = start, ConsumedWh = consumed, SolarWh = solar };
}
