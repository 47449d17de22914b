using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Energy;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>
/// A site's data-quality findings from intervals that went through the real ingestion and balances the real store
/// computed, and the owner's reviews of them through <see cref="SiteDataQuality"/> with its access checks.
/// </summary>
public sealed class DataQualityTests : IAsyncLifetime
{
    private static readonly DateTime Ten = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    private static readonly EnergyPeriod June15 = EnergyPeriod.Containing(PeriodKind.Day, new DateOnly(2026, 6, 15));

    // 15 June in Zurich (summer time): 22:00 UTC the day before to 22:00 UTC.
    private static readonly DateTime DayEnd = new(2026, 6, 15, 22, 0, 0, DateTimeKind.Utc);
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static DateTime Q(int quarters) => Ten + (QuarterHour.Length * quarters);

    private async Task<(EnergySite Site, ClaimsPrincipal Owner)> SiteAsync()
    {
        var site = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, ownerId: null,
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        var owner = await _server.CreateOwnerOfAsync(site.SiteId);
        return (site, await _server.PrincipalAsync(owner));
    }

    private async Task<SiteDataQualityView> ViewAsync(EnergySite site, ClaimsPrincipal user, EnergyPeriod? period = null)
    {
        await site.BalanceAsync();
        await using var scope = _server.App.Services.CreateAsyncScope();
        var view = await scope.ServiceProvider.GetRequiredService<SiteDataQuality>().ForAsync(user, site.SiteId, period ?? June15);
        Assert.NotNull(view);
        return view;
    }

    private async Task<IReadOnlyList<string>> ReviewAsync(EnergySite site, ClaimsPrincipal user, DataQualityFinding finding, string? note)
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDataQuality>().ReviewAsync(user, site.SiteId, finding, note);
    }

    private static List<(string? Meter, DateTime Start, DateTime End, int Count)> Spans(SiteDataQualityView view, DataQualityKind kind) =>
        [.. view.Findings.Where(f => f.Finding.Kind == kind).Select(f => (f.Finding.MeterId, f.Finding.StartUtc, f.Finding.EndUtc, f.Finding.QuarterHours))];

    [Fact]
    public async Task Missing_quarter_hours_after_a_meter_first_reported_merge_into_one_span_each()
    {
        var (site, owner) = await SiteAsync();
        // apt-1 reports 10:00 and 10:15, is silent 10:30 and 10:45, reports 11:00 and then stops for the day.
        await site.DeliverAsync(("apt-1", Q(0), 100, 0), ("apt-1", Q(1), 100, 0), ("apt-1", Q(4), 100, 0));

        var view = await ViewAsync(site, owner);

        // Nothing before it first reported, nothing for the meters that never reported.
        Assert.Equal([("apt-1", Q(2), Q(4), 2), ("apt-1", Q(5), DayEnd, 43)], Spans(view, DataQualityKind.MissingQuarterHours));
        Assert.Equal("apt-1", view.Findings.First(f => f.Finding.Kind == DataQualityKind.MissingQuarterHours).MeterName);
    }

    [Fact]
    public async Task A_meter_that_reported_on_an_earlier_day_misses_the_whole_day()
    {
        var (site, owner) = await SiteAsync();
        await site.DeliverAsync(("apt-2", Ten.AddDays(-3), 100, 0));

        var view = await ViewAsync(site, owner);

        Assert.Equal([("apt-2", DayEnd.AddDays(-1), DayEnd, 96)], Spans(view, DataQualityKind.MissingQuarterHours));
    }

    [Fact]
    public async Task Counters_that_went_backwards_are_found_as_one_span_of_their_quarter_hours()
    {
        var (site, owner) = await SiteAsync();
        await site.DeliverAsync(("apt-1", Q(0), 100, 0), ("apt-1", Q(3), 100, 0));
        await site.DeliverBackwardsAsync("apt-1", Q(1), Q(2));

        var view = await ViewAsync(site, owner);

        Assert.Equal([("apt-1", Q(1), Q(3), 2)], Spans(view, DataQualityKind.CounterWentBackwards));
        // Covered by intervals, so not missing.
        Assert.DoesNotContain(Spans(view, DataQualityKind.MissingQuarterHours), s => s.Start < Q(4));
    }

    [Fact]
    public async Task An_interval_over_a_gap_is_a_merged_gap_of_its_quarter_hours_and_not_missing()
    {
        var (site, owner) = await SiteAsync();
        // The edge was off from 10:15 to 11:15: one interval of four quarter-hours.
        await site.DeliverAsync(("apt-1", Q(0), 1, 100, 0), ("apt-1", Q(1), 4, 400, 0), ("apt-1", Q(5), 1, 100, 0));

        var view = await ViewAsync(site, owner);

        Assert.Equal([("apt-1", Q(1), Q(5), 4)], Spans(view, DataQualityKind.MergedGap));
        Assert.Equal([("apt-1", Q(6), DayEnd, 42)], Spans(view, DataQualityKind.MissingQuarterHours));
    }

    [Fact]
    public async Task A_residual_above_the_threshold_is_found_and_a_small_one_is_not()
    {
        var (site, owner) = await SiteAsync();
        // Two quarter-hours with 1000 Wh imported and 500 metered (residual 500: half the load), then one with 60 Wh
        // unmetered (6 %, under both floors), then one with 150 Wh of 2000 (7.5 %: above 100 Wh but under 10 %).
        await site.DeliverAsync(
            ("grid", Q(0), 1000, 0), ("apt-1", Q(0), 500, 0),
            ("grid", Q(1), 1000, 0), ("apt-1", Q(1), 500, 0),
            ("grid", Q(2), 1000, 0), ("apt-1", Q(2), 940, 0),
            ("grid", Q(3), 2000, 0), ("apt-1", Q(3), 1850, 0));

        var view = await ViewAsync(site, owner);

        var high = Assert.Single(view.Findings, f => f.Finding.Kind == DataQualityKind.HighResidual).Finding;
        Assert.Equal((null, Q(0), Q(2), 2, 1000L), (high.MeterId, high.StartUtc, high.EndUtc, high.QuarterHours, high.EnergyWh));
        Assert.Empty(Spans(view, DataQualityKind.Imbalance));
    }

    [Fact]
    public async Task Export_at_night_from_a_reversed_current_transformer_is_an_imbalance()
    {
        var (site, owner) = await SiteAsync();
        // No PV, the apartments draw 1000 Wh, but the introduction's CT reports it as export.
        await site.DeliverAsync(("grid", Q(0), 0, 1000), ("apt-1", Q(0), 400, 0), ("apt-2", Q(0), 600, 0));

        var view = await ViewAsync(site, owner);

        var imbalance = Assert.Single(view.Findings, f => f.Finding.Kind == DataQualityKind.Imbalance).Finding;
        Assert.Equal((Q(0), Q(1), 1, -1000L), (imbalance.StartUtc, imbalance.EndUtc, imbalance.QuarterHours, imbalance.EnergyWh));
    }

    [Fact]
    public async Task Meters_not_answering_now_are_listed_when_the_period_reaches_today()
    {
        var (site, owner) = await SiteAsync();
        var now = DateTime.UtcNow;
        var lastQuarter = QuarterHour.Floor(new DateTimeOffset(now)).UtcDateTime.AddHours(-1);
        await site.DeliverAsync(("apt-1", lastQuarter, 100, 0));
        var zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var today = EnergyBuckets.LocalDay(now, zurich);

        var view = await ViewAsync(site, owner, EnergyPeriod.Custom(today.AddDays(-1), today));

        var silent = view.Findings.Where(f => f.Finding.Kind == DataQualityKind.NotAnswering).ToDictionary(f => f.Finding.MeterId!, f => f.Finding);
        Assert.Equal(["apt-1", "apt-2", "grid", "pv"], silent.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(lastQuarter + QuarterHour.Length, silent["apt-1"].StartUtc);
        Assert.DoesNotContain((await ViewAsync(site, owner)).Findings, f => f.Finding.Kind == DataQualityKind.NotAnswering);
    }

    [Fact]
    public async Task A_period_without_problems_has_no_findings()
    {
        var (site, owner) = await SiteAsync();
        // Every meter of the site reports every quarter-hour of the day and the meters agree.
        var day = Enumerable.Range(0, 96).Select(q => DayEnd.AddDays(-1) + (QuarterHour.Length * q)).ToList();
        await site.DeliverAsync([.. day.SelectMany(start => new[]
        {
            ("grid", start, 300L, 0L), ("pv", start, 0L, 200L), ("apt-1", start, 250L, 0L), ("apt-2", start, 250L, 0L),
        })]);

        var view = await ViewAsync(site, owner);

        Assert.Empty(view.Findings);
        Assert.Null(view.Problem);
    }

    [Fact]
    public async Task A_reviewed_span_stays_listed_as_reviewed_with_its_note_and_who_reviewed_it()
    {
        var (site, owner) = await SiteAsync();
        await site.DeliverAsync(("apt-1", Q(0), 100, 0), ("apt-1", Q(3), 100, 0));
        var missing = (await ViewAsync(site, owner)).Findings.First(f => f.Finding.Kind == DataQualityKind.MissingQuarterHours);
        Assert.Null(missing.Review);

        Assert.Empty(await ReviewAsync(site, owner, missing.Finding, "  Meter swapped by the DSO, see ticket 42.  "));

        var after = await ViewAsync(site, owner);
        var listed = Assert.Single(after.Findings, f => f.Finding == missing.Finding);
        Assert.Equal("Meter swapped by the DSO, see ticket 42.", listed.Review?.Note);
        Assert.Equal(owner.PortalUserId(), listed.Review?.ReviewerId);
        Assert.StartsWith("Test Owner", listed.ReviewerName);
        // Only that span: the day's trailing missing span is still open.
        Assert.Single(after.Findings, f => f.Finding.Kind == DataQualityKind.MissingQuarterHours && f.Review is null);
        // The intervals themselves are untouched.
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.MeterIntervals.CountAsync(i => i.MeterId == "apt-1"));
    }

    [Fact]
    public async Task A_note_over_the_limit_or_empty_is_refused_with_a_message_and_nothing_is_stored()
    {
        var (site, owner) = await SiteAsync();
        await site.DeliverAsync(("apt-1", Q(0), 100, 0), ("apt-1", Q(3), 100, 0));
        var missing = (await ViewAsync(site, owner)).Findings[0].Finding;

        var tooLong = await ReviewAsync(site, owner, missing, new string('x', FieldLimits.ReviewNoteLength + 1));
        var empty = await ReviewAsync(site, owner, missing, "   ");

        Assert.Contains($"at most {FieldLimits.ReviewNoteLength} characters", Assert.Single(tooLong));
        Assert.Equal("Write a note: why is this span as it is?", Assert.Single(empty));
        Assert.All((await ViewAsync(site, owner)).Findings, f => Assert.Null(f.Review));
    }

    [Fact]
    public async Task A_resident_another_owner_and_the_installer_cannot_review_and_only_the_installer_sees()
    {
        var (site, owner) = await SiteAsync();
        await site.DeliverAsync(("apt-1", Q(0), 100, 0), ("apt-1", Q(3), 100, 0));
        var missing = (await ViewAsync(site, owner)).Findings[0].Finding;
        var resident = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Resident));
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        var installer = await _server.PrincipalAsync(await _server.CreateInstallerOfAsync(site.SiteId));

        Assert.Equal(["Site not found"], await ReviewAsync(site, resident, missing, "mine"));
        Assert.Equal(["Site not found"], await ReviewAsync(site, stranger, missing, "mine"));
        Assert.Equal(["Only the site's owner or an administrator can mark a finding as reviewed."], await ReviewAsync(site, installer, missing, "mine"));

        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            var quality = scope.ServiceProvider.GetRequiredService<SiteDataQuality>();
            Assert.Null(await quality.ForAsync(resident, site.SiteId, June15));
            Assert.Null(await quality.ForAsync(stranger, site.SiteId, June15));
            Assert.Null(await quality.ForAsync(owner, Guid.NewGuid(), June15));
            var seen = await quality.ForAsync(installer, site.SiteId, June15);
            Assert.False(seen?.MayReview);
            Assert.NotEmpty(seen!.Findings);
        }

        Assert.All((await ViewAsync(site, owner)).Findings, f => Assert.Null(f.Review));
    }

    [Fact]
    public async Task The_page_refuses_a_resident_and_says_not_found_to_another_owner_and_for_an_unknown_site()
    {
        var (site, _) = await SiteAsync();
        using var resident = _server.CreateClient();
        await HttpSignIn.SignInAsync(resident, await _server.CreateAccountAsync(Roles.Resident));
        var refused = await resident.GetAsync($"/sites/{site.SiteId}/data-quality");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/access-denied", refused.Headers.Location!.AbsolutePath);

        using var stranger = _server.CreateClient();
        await HttpSignIn.SignInAsync(stranger, await _server.CreateAccountAsync(Roles.Owner));
        foreach (var siteId in new[] { site.SiteId, Guid.NewGuid() })
        {
            var response = await stranger.GetAsync($"/sites/{siteId}/data-quality");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-test=\"site-not-found\"", page);
            Assert.DoesNotContain("data-test=\"finding\"", page);
        }
    }
}
