using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Data;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Accounts;

/// <summary>The run command's seeding stores the demo history once, in front of anything the edge delivered, never over it.</summary>
public sealed class DemoHistorySeedingTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 13, 28, 49, TimeSpan.Zero));
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync(_clock, "--Portal:Demo:Seed=true");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_run_commands_first_start_stores_the_whole_history_and_later_starts_store_nothing()
    {
        var now = _clock.GetUtcNow();
        var expected = DemoHistory.Generate(DemoSeeder.Meters, DemoHistory.WindowStartUtc(now, Zurich), DemoHistory.WindowEndUtc(now), Zurich);
        var stored = await IntervalsAsync();
        Assert.Equal(expected.Count, stored.Count);
        Assert.Equal(
            expected.Select(i => (i.MeterId, i.StartUtc, i.EndUtc, i.ImportWh, i.ExportWh)).Order(),
            stored.Select(i => (i.MeterId, i.StartUtc, i.EndUtc, i.ImportWh, i.ExportWh)).Order());

        Assert.Equal(0, await SeedHistoryAsync());
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, await SeedHistoryAsync());
        _clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await SeedHistoryAsync());
        Assert.Equal(stored.Count, (await IntervalsAsync()).Count);
    }

    [Fact]
    public async Task The_history_ends_where_the_edges_intervals_begin_and_leaves_them_as_delivered()
    {
        await using (var db = await Contexts().CreateDbContextAsync())
        {
            await db.MeterIntervals.ExecuteDeleteAsync();
        }

        var delivered = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        var edge = new MeterInterval
        {
            MeterId = DemoSeeder.Meters[2].Id, StartUtc = delivered, EndUtc = delivered.AddMinutes(15), ImportWh = 123_456, ExportWh = 7,
            GatewayId = DemoSeeder.GatewayId, Sequence = 42, ReceivedUtc = delivered.AddMinutes(16),
        };
        Assert.Single(await InsertAsync([edge]));

        var seeded = await SeedHistoryAsync();

        var stored = await IntervalsAsync();
        var window = DemoHistory.Generate(DemoSeeder.Meters, DemoHistory.WindowStartUtc(_clock.GetUtcNow(), Zurich), delivered, Zurich);
        Assert.Equal(window.Count, seeded);
        Assert.Equal(window.Count + 1, stored.Count);
        var kept = Assert.Single(stored, i => i.StartUtc >= delivered);
        Assert.Equal((123_456L, 7L, 42L), (kept.ImportWh, kept.ExportWh, kept.Sequence));
    }

    [Fact]
    public async Task An_interval_stored_twice_keeps_its_first_values_and_counts_as_stored_once()
    {
        var start = DemoHistory.WindowEndUtc(_clock.GetUtcNow());
        MeterInterval Interval(long importWh) => new()
        {
            MeterId = DemoSeeder.Meters[3].Id, StartUtc = start, EndUtc = start.AddMinutes(15), ImportWh = importWh,
            GatewayId = DemoSeeder.GatewayId, Sequence = 1, ReceivedUtc = start.AddMinutes(15),
        };

        var first = await InsertAsync([Interval(400), Interval(500)]);
        var again = await InsertAsync([Interval(600)]);

        Assert.Equal(400, Assert.Single(first).ImportWh);
        Assert.Empty(again);
        Assert.Equal(400, Assert.Single(await IntervalsAsync(), i => i.StartUtc == start).ImportWh);
    }

    [Fact]
    public async Task An_interval_instant_with_a_fraction_of_a_second_is_refused_and_its_batch_stores_nothing()
    {
        // Instants are stored as whole seconds: a fraction would be cut off and could put two intervals on one key.
        var start = DemoHistory.WindowEndUtc(_clock.GetUtcNow());
        MeterInterval Interval(DateTime from) => new()
        {
            MeterId = DemoSeeder.Meters[3].Id, StartUtc = from, EndUtc = from.AddMinutes(15), ImportWh = 100,
            GatewayId = DemoSeeder.GatewayId, Sequence = 1, ReceivedUtc = from.AddMinutes(15),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => InsertAsync([Interval(start), Interval(start.AddMinutes(15).AddMilliseconds(500))]));

        Assert.Contains("fraction of a second", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await IntervalsAsync(), i => i.StartUtc >= start);
    }

    private IDbContextFactory<PortalDbContext> Contexts() => _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private async Task<int> SeedHistoryAsync()
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedHistoryAsync();
    }

    private async Task<IReadOnlyList<MeterInterval>> InsertAsync(IReadOnlyList<MeterInterval> intervals)
    {
        await using var db = await Contexts().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await db.Database.GetDbConnection().BeginTransactionAsync();
        var stored = await MeterIntervalWriter.InsertAsync(transaction, intervals, CancellationToken.None);
        await transaction.CommitAsync();
        return stored;
    }

    private async Task<List<MeterInterval>> IntervalsAsync()
    {
        await using var db = await Contexts().CreateDbContextAsync();
        return await db.MeterIntervals.AsNoTracking().ToListAsync();
    }
}
