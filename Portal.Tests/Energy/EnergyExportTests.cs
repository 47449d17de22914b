using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>The CSV exports as an owner downloads them: quarter-hour rows in the site's days, stored values, streamed.</summary>
public sealed class EnergyExportTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private PortalServer _server = null!;
    private string _owner = "";

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _owner = await _server.CreateAccountAsync(Roles.Owner);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<EnergySite> SiteAsync(params EnergyMeter[] meters) =>
        await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, await _server.IdOfAsync(_owner), meters);

    private async Task<HttpClient> OwnerClientAsync()
    {
        var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, _owner);
        return client;
    }

    [Theory]
    [InlineData("2026-03-29", 92)]
    [InlineData("2026-10-25", 100)]
    [InlineData("2026-06-15", 96)]
    public async Task The_intervals_export_has_a_row_per_quarter_hour_of_the_local_day_with_the_stored_energy(string day, int quarterHours)
    {
        var site = await SiteAsync(new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"));
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), Zurich);
        // Quarter-hours with distinct values, and in the afternoon an interval over a gap of three quarter-hours.
        var delivered = Enumerable.Range(0, 40).Select(q => ("apt-1", midnight.AddMinutes(15 * q), 1, 100L + q, 0L)).ToList();
        delivered.Add(("grid", midnight.AddHours(2), 1, 777L, 3L));
        delivered.Add(("apt-1", midnight.AddHours(15), 3, 301L, 0L));
        await site.DeliverAsync([.. delivered]);
        await site.BalanceAsync();
        using var client = await OwnerClientAsync();

        var response = await client.GetAsync($"/sites/{site.SiteId}/exports/intervals.csv?from={day}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"energy-intervals-", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        Assert.Equal(
            ["local_time", "utc_time", "apt-1.import_wh", "apt-1.export_wh", "apt-1.flag", "grid.import_wh", "grid.export_wh", "grid.flag",
             "site.production_wh", "site.grid_import_wh", "site.grid_export_wh", "site.consumption_wh", "site.residual_wh"],
            rows[0]);
        Assert.Equal(1 + quarterHours, rows.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        Assert.Equal(midnight.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), rows[1][1]);
        Assert.StartsWith(day + "T00:00:00+0", rows[1][0], StringComparison.Ordinal);
        Assert.Equal(quarterHours, rows.Skip(1).Select(r => r[1]).Distinct().Count());

        // Every measured quarter-hour is the stored interval; the spread one is marked estimated and adds up to it.
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = (await db.MeterIntervals.Where(i => i.MeterId == "apt-1").ToListAsync()).Where(i => i.EndUtc - i.StartUtc == TimeSpan.FromMinutes(15)).ToList();
        Assert.Equal(40, stored.Count);
        foreach (var interval in stored)
        {
            var row = rows.Single(r => r[1] == interval.StartUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Assert.Equal((interval.ImportWh.ToString(CultureInfo.InvariantCulture), interval.ExportWh.ToString(CultureInfo.InvariantCulture), ""), (row[2], row[3], row[4]));
        }

        var spread = rows.Skip(1 + 60).Take(3).ToList();
        Assert.All(spread, r => Assert.Equal("estimated", r[4]));
        Assert.Equal(301, spread.Sum(r => long.Parse(r[2], CultureInfo.InvariantCulture)));
        Assert.Equal(("777", "3", "", "777"), (rows[9][5], rows[9][6], rows[9][7], rows[9][9]));
        Assert.Equal(("", "", "missing"), (rows[^1][5], rows[^1][6], rows[^1][7]));
    }

    [Fact]
    public async Task The_roll_up_exports_hold_the_site_and_meter_buckets_of_the_period()
    {
        var site = await SiteAsync(new EnergyMeter("pv", MeterRole.PvProduction), new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"));
        var noon = new DateTime(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
        await site.DeliverAsync(("pv", noon, 0, 400), ("apt-1", noon, 300, 0), ("apt-1", noon.AddDays(1), 200, 0));
        await site.BalanceAsync();
        using var client = await OwnerClientAsync();

        var days = (await client.GetStringAsync($"/sites/{site.SiteId}/exports/site-energy.csv?from=2026-06-01&to=2026-07-01&resolution=day"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        var meters = (await client.GetStringAsync($"/sites/{site.SiteId}/exports/meter-energy.csv?from=2026-06-01&to=2026-07-01&resolution=month"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();

        Assert.Equal(["start_local", "start_utc", "quarter_hours", "production_wh"], days[0][..4]);
        Assert.Equal(3, days.Count);
        Assert.Equal(("2026-06-15T00:00:00+02:00", "2026-06-14T22:00:00Z", "400"), (days[1][0], days[1][1], days[1][Array.IndexOf(days[0], "production_wh")]));
        Assert.Equal(["start_local", "start_utc", "meter_id", "billing_point_id", "consumed_wh", "solar_wh", "grid_wh", "estimated_quarter_hours"], meters[0]);
        Assert.Equal(["2026-06-01T00:00:00+02:00", "2026-05-31T22:00:00Z", "apt-1", site.BillingPoints["Apartment 1"].ToString(), "500", "300", "200", "0"], meters[1]);
    }

    [Fact]
    public async Task A_long_intervals_export_is_streamed_its_first_bytes_leave_before_its_last_day_is_read()
    {
        // 60 meters over a year: about 20 MB, more than the socket buffers between server and client hold.
        var site = await SiteAsync([.. Enumerable.Range(1, 60).Select(i => new EnergyMeter($"m-{i:00}", MeterRole.Consumer, $"Dwelling {i}"))]);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Zurich));
        var (first, last) = (today.AddYears(-1), today.AddDays(-1));
        var lastNoon = TimeZoneInfo.ConvertTimeToUtc(last.ToDateTime(new TimeOnly(12, 0)), Zurich);
        using var client = await OwnerClientAsync();
        var address = $"/sites/{site.SiteId}/exports/intervals.csv?from={first:yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[16 * 1024];
        await body.ReadExactlyAsync(start);
        // Only now does the last day get its interval: a buffered export would have read that day already.
        await site.DeliverAsync(("m-60", lastNoon, 4242, 0));
        using var reader = new StreamReader(body);
        var rest = await reader.ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var noonRow = rest.Split("\r\n").Single(r => r.Contains(lastNoon.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)).Split(',');
        Assert.Equal("4242", noonRow[2 + (59 * 3)]);
        Assert.True(start.Length + rest.Length > 12_000_000, $"{start.Length + rest.Length} bytes");
    }

    [Fact]
    public async Task Exports_of_another_owners_site_or_with_a_bad_period_are_refused_with_a_message()
    {
        var site = await SiteAsync(new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"));
        var other = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, await _server.IdOfAsync(await _server.CreateAccountAsync(Roles.Owner)), new EnergyMeter("x-1", MeterRole.Consumer, "X"));
        using var client = await OwnerClientAsync();

        var theirs = await client.GetAsync($"/sites/{other.SiteId}/exports/intervals.csv?from=2026-06-01");
        var tenYears = await client.GetAsync($"/sites/{site.SiteId}/exports/site-energy.csv?from=2016-01-01&to=2026-01-01");
        var notADay = await client.GetAsync($"/sites/{site.SiteId}/exports/meter-energy.csv?from=yesterday");

        // The site policy refuses it before the export runs, as it does for the owner's other pages.
        Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);
        Assert.Contains("/account/access-denied", theirs.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tenYears.StatusCode);
        Assert.Contains("three years", (await tenYears.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notADay.StatusCode);
    }
}
