using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Hosting;
using Portal.Localization;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Energy;

/// <summary>A finding as the page lists it: the meter's name, and the review that covers it with its reviewer's name.</summary>
public sealed record ListedFinding(DataQualityFinding Finding, string? MeterName, DataQualityReview? Review, string? ReviewerName);

/// <summary>A site's data quality over <paramref name="Period"/>; <paramref name="Problem"/>: why the period cannot be shown.</summary>
public sealed record SiteDataQualityView(
    Guid SiteId, string SiteName, TimeZoneInfo Zone, DateOnly Today, EnergyPeriod Period, bool MayReview, string? Problem, IReadOnlyList<ListedFinding> Findings);

/// <summary>
/// A site's data-quality findings (<see cref="DataQualityFinder"/>) over a period, and the owner's reviews of them.
/// Those <see cref="SiteAccess.MaySee"/> lets at the site see them; its owners and administrators
/// (<see cref="SiteAccess.MayManage"/>) review. Reviews are only ever added: nothing is deleted.
/// Plain ADO.NET for the intervals: a year of a hundred meters is 3.5 million rows, of which SQLite hands over only
/// those that say something (a gap before them, a merged span, a counter gone backwards).
/// </summary>
public sealed class SiteDataQuality(
    IDbContextFactory<PortalDbContext> contexts,
    PortalPaths paths,
    SiteAccess access,
    GatewayOverview gateways,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    // Per meter: the intervals of the period that are not a plain quarter-hour right after the one before, each with
    // the end of the one before. Instants are Unix seconds (a plain quarter-hour ends QuarterHour.Length later). LAG,
    // not a running MAX: a plain quarter-hour never reaches past the next interval, and the finder keeps the reach of the rest.
    private static readonly string UnusualIntervals =
        "SELECT StartUtc, EndUtc, CounterWentBackwards, PreviousEnd FROM (" +
        "SELECT StartUtc, EndUtc, CounterWentBackwards, LAG(EndUtc) OVER (ORDER BY StartUtc) AS PreviousEnd " +
        "FROM MeterIntervals WHERE MeterId = $meter AND StartUtc >= $from AND StartUtc < $to) " +
        $"WHERE CounterWentBackwards <> 0 OR PreviousEnd IS NULL OR PreviousEnd < StartUtc OR EndUtc <> StartUtc + {(long)QuarterHour.Length.TotalSeconds} ORDER BY StartUtc;";

    /// <summary>The site's findings over <paramref name="period"/> (default: today); null for an unknown site or one the user may not see.</summary>
    public async Task<SiteDataQualityView?> ForAsync(ClaimsPrincipal user, Guid siteId, EnergyPeriod? period = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.SeenAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out var found) ? found : PortalCultures.AccountZone;
        var now = clock.GetUtcNow();
        var today = EnergyBuckets.LocalDay(now.UtcDateTime, zone);
        period ??= EnergyPeriod.Containing(PeriodKind.Day, today);
        var mayReview = access.MayManage(user, site);
        if (period.Problem(today) is not null)
        {
            return new SiteDataQualityView(site.Id, site.Name, zone, today, period, mayReview, "Quality.PeriodRefused", []);
        }

        var (fromUtc, toUtc) = period.ToUtc(zone);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Name }).ToDictionaryAsync(m => m.Id, m => m.Name, StringComparer.Ordinal, ct);

        var findings = new List<DataQualityFinding>();
        await using (var connection = new SqliteConnection(PortalDatabase.ConnectionString(paths.DatabasePath)))
        {
            await connection.OpenAsync(ct);
            var due = DataQualityFinder.DueBefore(now);
            foreach (var meter in ReadMeters(connection, meters.Keys, fromUtc, toUtc))
            {
                findings.AddRange(DataQualityFinder.OfMeter(meter, fromUtc, toUtc, due));
            }

            findings.AddRange(DataQualityFinder.OfBalance(ReadBalanceOutliers(connection, siteId, fromUtc, toUtc)));
        }

        // Not answering is a state now, by the gateways overview's one rule: shown when the period reaches today.
        if (toUtc > now.UtcDateTime && await gateways.ForAsync(user, siteId, ct) is { } overview)
        {
            findings.AddRange(overview.Gateways.SelectMany(g => g.SilentMeters)
                .Select(m => DataQualityFinder.NotAnswering(m.Id, m.LastHeard ?? new DateTimeOffset(site.CreatedUtc, TimeSpan.Zero), now)));
        }

        var reviews = await db.DataQualityReviews.AsNoTracking()
            .Where(r => r.SiteId == siteId && ((r.StartUtc < toUtc && r.EndUtc > fromUtc) || r.Kind == DataQualityKind.NotAnswering))
            .OrderByDescending(r => r.ReviewedUtc).ToListAsync(ct);
        var reviewerIds = reviews.Select(r => r.ReviewerId).Distinct().ToList();
        var reviewers = await db.Users.AsNoTracking().Where(u => reviewerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.Email ?? "" : u.DisplayName, ct);

        var listed = findings
            .OrderBy(f => f.StartUtc).ThenBy(f => f.Kind).ThenBy(f => f.MeterId, StringComparer.Ordinal)
            .Select(f =>
            {
                var review = reviews.FirstOrDefault(r => DataQualityFinder.Covers(r, f));
                return new ListedFinding(f, f.MeterId is { } id ? meters.GetValueOrDefault(id, id) : null, review, review is null ? null : reviewers.GetValueOrDefault(review.ReviewerId));
            })
            .ToList();
        return new SiteDataQualityView(site.Id, site.Name, zone, today, period, mayReview, null, listed);
    }

    /// <summary>Marks <paramref name="finding"/>'s span as reviewed with <paramref name="note"/>; answers the problems (none: stored).</summary>
    public async Task<IReadOnlyList<string>> ReviewAsync(ClaimsPrincipal user, Guid siteId, DataQualityFinding finding, string? note, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.SeenAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [text["Site.NotFound"]];
        }

        if (!access.MayManage(user, site))
        {
            return [text["Quality.MayNotReview"]];
        }

        var meterKind = finding.Kind is not (DataQualityKind.HighResidual or DataQualityKind.Imbalance);
        var knownMeter = finding.MeterId is { } meterId && await db.Meters.AnyAsync(m => m.Id == meterId && m.SiteId == siteId, ct);
        if (!Enum.IsDefined(finding.Kind) || meterKind != knownMeter || finding.EndUtc < finding.StartUtc)
        {
            return [text["Quality.UnknownFinding"]];
        }

        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return [text["Quality.NoteRequired"]];
        }

        if (FieldLimits.ReviewNote.Check(trimmed, text) is { } tooLong)
        {
            return [tooLong];
        }

        db.DataQualityReviews.Add(new DataQualityReview
        {
            SiteId = siteId,
            Kind = finding.Kind,
            MeterId = finding.MeterId,
            StartUtc = finding.StartUtc,
            EndUtc = finding.EndUtc,
            Note = trimmed,
            ReviewerId = user.PortalUserId(),
            ReviewedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }

    private static List<MeterQualityData> ReadMeters(SqliteConnection connection, IEnumerable<string> meterIds, DateTime fromUtc, DateTime toUtc)
    {
        using var first = connection.CreateCommand();
        first.CommandText = "SELECT MIN(StartUtc) FROM MeterIntervals WHERE MeterId = $meter;";
        using var before = connection.CreateCommand();
        before.CommandText = "SELECT StartUtc, EndUtc, CounterWentBackwards FROM MeterIntervals WHERE MeterId = $meter AND StartUtc < $from ORDER BY StartUtc DESC LIMIT 1;";
        using var unusual = connection.CreateCommand();
        unusual.CommandText = UnusualIntervals;
        using var reach = connection.CreateCommand();
        reach.CommandText = "SELECT MAX(EndUtc) FROM MeterIntervals WHERE MeterId = $meter AND StartUtc >= $from AND StartUtc < $to;";
        foreach (var command in new[] { first, before, unusual, reach })
        {
            command.Parameters.Add("$meter", SqliteType.Text);
            command.Parameters.AddWithValue("$from", UnixSecondsConverter.ToSeconds(fromUtc));
            command.Parameters.AddWithValue("$to", UnixSecondsConverter.ToSeconds(toUtc));
        }

        var meters = new List<MeterQualityData>();
        foreach (var meterId in meterIds)
        {
            foreach (var command in new[] { first, before, unusual, reach })
            {
                command.Parameters["$meter"].Value = meterId;
            }

            var firstReported = first.ExecuteScalar() is long firstSeconds ? UnixSecondsConverter.FromSeconds(firstSeconds) : (DateTime?)null;
            var intervals = new List<QualityInterval>();
            DateTime? coveredUntil = null;
            using (var reader = before.ExecuteReader())
            {
                // The interval just before the period counts when it reaches into it (a merged gap across its start).
                if (reader.Read() && UnixSecondsConverter.FromSeconds(reader.GetInt64(1)) is var end && end > fromUtc)
                {
                    intervals.Add(new QualityInterval(UnixSecondsConverter.FromSeconds(reader.GetInt64(0)), end, reader.GetBoolean(2)));
                    coveredUntil = end;
                }
            }

            using (var reader = unusual.ExecuteReader())
            {
                while (reader.Read())
                {
                    intervals.Add(new QualityInterval(
                        UnixSecondsConverter.FromSeconds(reader.GetInt64(0)),
                        UnixSecondsConverter.FromSeconds(reader.GetInt64(1)),
                        reader.GetBoolean(2),
                        reader.IsDBNull(3) ? null : UnixSecondsConverter.FromSeconds(reader.GetInt64(3))));
                }
            }

            if (reach.ExecuteScalar() is long reachSeconds && UnixSecondsConverter.FromSeconds(reachSeconds) is var last && (coveredUntil is null || last > coveredUntil))
            {
                coveredUntil = last;
            }

            meters.Add(new MeterQualityData(meterId, firstReported, intervals, coveredUntil));
        }

        return meters;
    }

    // Only the quarter-hours that may break a rule: an imbalance, or a residual above the absolute floor.
    private static List<SiteEnergy> ReadBalanceOutliers(SqliteConnection connection, Guid siteId, DateTime fromUtc, DateTime toUtc)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT StartUtc, ConsumptionWh, ResidualWh, ImbalanceWh FROM SiteEnergy " +
            "WHERE SiteId = $site AND Resolution = 0 AND StartUtc >= $from AND StartUtc < $to AND (ImbalanceWh <> 0 OR ABS(ResidualWh) > $floor);";
        read.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        read.Parameters.AddWithValue("$from", UnixSecondsConverter.ToSeconds(fromUtc));
        read.Parameters.AddWithValue("$to", UnixSecondsConverter.ToSeconds(toUtc));
        read.Parameters.AddWithValue("$floor", DataQualityFinder.ResidualMinimumWh);
        using var reader = read.ExecuteReader();
        var rows = new List<SiteEnergy>();
        while (reader.Read())
        {
            rows.Add(new SiteEnergy
            {
                SiteId = siteId,
                Resolution = EnergyResolution.QuarterHour,
                StartUtc = UnixSecondsConverter.FromSeconds(reader.GetInt64(0)),
                ConsumptionWh = reader.GetInt64(1),
                ResidualWh = reader.GetInt64(2),
                ImbalanceWh = reader.GetInt64(3),
            });
        }

        return rows;
    }
}
