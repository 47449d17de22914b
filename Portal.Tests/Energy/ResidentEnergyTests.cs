using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Energy;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>A resident's own energy: their billing point only, the days they lived there only, refused otherwise.</summary>
public sealed class ResidentEnergyTests : IAsyncLifetime
{
    // 15 June 2026, 12:00 in Zurich; the resident of apartment 1 moved in on 10 June.
    private static readonly DateTime June15 = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime June5 = new(2026, 6, 5, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly MoveIn = new(2026, 6, 10);
    private PortalServer _server = null!;
    private EnergySite _site = null!;
    private string _resident = "";
    private string _neighbour = "";
    private AsyncServiceScope _scope;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _scope = _server.App.Services.CreateAsyncScope();
        _site = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, ownerId: null,
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        _resident = await _server.CreateAccountAsync(Roles.Resident);
        _neighbour = await _server.CreateAccountAsync(Roles.Resident);
        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Occupancies.Add(new Occupancy { BillingPointId = _site.BillingPoints["Apartment 1"], ResidentId = await _server.IdOfAsync(_resident), MoveIn = MoveIn });
            db.Occupancies.Add(new Occupancy { BillingPointId = _site.BillingPoints["Apartment 2"], ResidentId = await _server.IdOfAsync(_neighbour), MoveIn = new DateOnly(2024, 1, 1) });
            await db.SaveChangesAsync();
        }

        // Each day: PV 200 Wh, apartments 300 + 100 Wh, 200 Wh from the grid; the sun is shared 150 / 50 (ZEV-07).
        foreach (var noon in new[] { June5, June15 })
        {
            await _site.DeliverAsync(("grid", noon, 200, 0), ("pv", noon, 0, 200), ("apt-1", noon, 300, 0), ("apt-2", noon, 100, 0));
        }

        await _site.BalanceAsync();
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ResidentEnergy Energy => _scope.ServiceProvider.GetRequiredService<ResidentEnergy>();

    [Fact]
    public async Task A_resident_who_moved_in_mid_month_sees_only_the_days_since_the_move_in()
    {
        var view = await Energy.ForAsync(await _server.PrincipalAsync(_resident), _site.BillingPoints["Apartment 1"], EnergyPeriod.Containing(PeriodKind.Month, MoveIn));

        Assert.NotNull(view);
        Assert.Null(view.Problem);
        // 5 June was the previous resident's: only 15 June counts.
        Assert.Equal((300L, 150L, 0.5m), (view.Total.ConsumedWh, view.Total.SolarWh, view.Total.SolarShare));
        Assert.Equal([(MoveIn, new DateOnly(2026, 7, 1))], view.OccupiedDays);
        Assert.Equal(30, view.Series.Count);
        Assert.Equal(300, view.Series.Sum(b => b.ConsumedWh));
        Assert.Equal(0, view.Series[4].ConsumedWh);
        Assert.Equal(300, view.Series[14].ConsumedWh);
        // May and June 2025: they did not live there.
        Assert.Null(view.Previous);
        Assert.Null(view.YearEarlier);
    }

    [Fact]
    public async Task A_year_view_clips_the_month_of_the_move_in_to_the_occupancy()
    {
        var view = await Energy.ForAsync(await _server.PrincipalAsync(_resident), _site.BillingPoints["Apartment 1"], EnergyPeriod.Containing(PeriodKind.Year, MoveIn));

        Assert.NotNull(view);
        Assert.Equal(EnergyResolution.Month, view.Resolution);
        Assert.Equal(12, view.Series.Count);
        Assert.Equal(300, view.Series[5].ConsumedWh);
        Assert.Equal(300, view.Total.ConsumedWh);
    }

    [Fact]
    public async Task A_day_before_the_move_in_shows_nothing_of_the_previous_resident()
    {
        var view = await Energy.ForAsync(await _server.PrincipalAsync(_resident), _site.BillingPoints["Apartment 1"], EnergyPeriod.Containing(PeriodKind.Day, new DateOnly(2026, 6, 5)));

        Assert.NotNull(view);
        Assert.Equal("Resident.Energy.NotLivedThere", view.Problem);
        Assert.Equal(0, view.Total.ConsumedWh);
        Assert.Empty(view.Series);
    }

    [Fact]
    public async Task A_period_in_the_future_is_refused_with_a_message()
    {
        var view = await Energy.ForAsync(await _server.PrincipalAsync(_resident), _site.BillingPoints["Apartment 1"], EnergyPeriod.Containing(PeriodKind.Year, new DateOnly(2031, 1, 1)));

        Assert.Equal("Energy.Period.InFuture", view?.Problem);
    }

    [Fact]
    public async Task Another_residents_billing_point_is_refused_by_the_service()
    {
        var resident = await _server.PrincipalAsync(_resident);

        Assert.Null(await Energy.ForAsync(resident, _site.BillingPoints["Apartment 2"], EnergyPeriod.Containing(PeriodKind.Month, MoveIn)));
        Assert.Null(await Energy.ForAsync(resident, Guid.NewGuid(), null));
        Assert.Equal(["Apartment 1"], (await Energy.HomesAsync(resident)).Select(h => h.Name));
        // The neighbour sees their own, with their own share of the sun.
        var neighbour = await Energy.ForAsync(await _server.PrincipalAsync(_neighbour), _site.BillingPoints["Apartment 2"], EnergyPeriod.Containing(PeriodKind.Month, MoveIn));
        Assert.Equal((200L, 100L), (neighbour?.Total.ConsumedWh, neighbour?.Total.SolarWh));
    }

    [Fact]
    public async Task Another_residents_billing_point_is_refused_by_url()
    {
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, _resident);

        var theirs = await client.GetAsync($"/my/energy?point={_site.BillingPoints["Apartment 2"]}&period=month&day=2026-06-01");
        var mine = await client.GetStringAsync($"/my/energy?point={_site.BillingPoints["Apartment 1"]}&period=month&day=2026-06-01");

        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        var html = await theirs.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"energy-refused\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-test=\"consumption\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Apartment 2", html, StringComparison.Ordinal);
        Assert.Contains("data-test=\"consumption\"", mine, StringComparison.Ordinal);
        Assert.Contains("0.3 kWh", mine, StringComparison.Ordinal);
    }
}
