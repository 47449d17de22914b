using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Documents;
using Portal.Energy;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Api;

/// <summary>
/// The energy of an owner's sites, read-only: CSV exports for the signed-in owner (<c>/sites/{id}/exports/...</c>,
/// cookie) and the REST API for their personal tokens (<c>/api/v1/...</c>, <c>Authorization: Bearer</c>), described
/// at <c>/openapi/v1.json</c>. A site, meter or billing point that is unknown or someone else's is a 404 problem, a
/// bad period a 400 problem with the message; never an error page.
/// </summary>
public static class EnergyEndpoints
{
    private const string Csv = "text/csv; charset=utf-8";

    public static void MapEnergyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup("/sites/{siteId}/exports")
            .RequireAuthorization(new AuthorizeAttribute { Policy = SitePolicies.Manage })
            .ExcludeFromDescription();
        MapCsv(exports, "");

        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiTokenAuthentication.SchemeName, Roles = Roles.Owner })
            .WithTags("Energy")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/sites", async (ClaimsPrincipal user, OwnerEnergy energy) => TypedResults.Ok(await energy.SitesAsync(user)))
            .WithName("ListSites").WithSummary("The sites the token's owner owns.");

        api.MapGet("/sites/{siteId}/energy", async Task<Results<Ok<ApiSiteEnergy>, ProblemHttpResult>> (
                string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text) =>
        {
            var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
            return request.Refusal is { } refusal ? refusal : TypedResults.Ok(await energy.SiteEnergyAsync(request.Site!, request.Query!));
        })
            .WithName("SiteEnergy")
            .WithSummary("A site's energy balance over [from, to) (local days, yyyy-MM-dd), total, KPIs and buckets (quarter-hour, hour, day, month).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/sites/{siteId}/meters/{meterId}/energy", async Task<Results<Ok<ApiConsumerEnergy>, ProblemHttpResult>> (
                string siteId, string meterId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text) =>
        {
            var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
            if (request.Refusal is { } refusal)
            {
                return refusal;
            }

            return await energy.MeterEnergyAsync(request.Site!, meterId, request.Query!) is { } found
                ? TypedResults.Ok(found)
                : NotFound(text["Api.MeterNotFound", meterId]);
        })
            .WithName("MeterEnergy").WithSummary("A consumption meter's energy and solar share over [from, to).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/sites/{siteId}/billing-points/{billingPointId}/energy", async Task<Results<Ok<ApiConsumerEnergy>, ProblemHttpResult>> (
                string siteId, string billingPointId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text) =>
        {
            var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
            if (request.Refusal is { } refusal)
            {
                return refusal;
            }

            return Guid.TryParse(billingPointId, out var pointId) && await energy.BillingPointEnergyAsync(request.Site!, pointId, request.Query!) is { } found
                ? TypedResults.Ok(found)
                : NotFound(text["Api.BillingPointNotFound", billingPointId]);
        })
            .WithName("BillingPointEnergy").WithSummary("A billing point's energy (the sum of its meters) and solar share over [from, to).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        MapCsv(api, "/sites/{siteId}");
    }

    /// <summary>The three CSV exports (docs/energy-exports.md), on either group (<paramref name="prefix"/>: the site's part of the route).</summary>
    private static void MapCsv(RouteGroupBuilder group, string prefix)
    {
        group.MapGet(prefix + "/intervals.csv", (string siteId, string? from, string? to, ClaimsPrincipal user, OwnerEnergy energy, EnergyCsvExport export, IStringLocalizer<SharedResource> text) =>
                CsvAsync(siteId, from, to, null, user, energy, text, "energy-intervals",
                    (site, query, pipe, ct) => export.WriteIntervalsAsync(site, query.Period, pipe, ct)))
            .WithName(prefix.Length == 0 ? "ExportIntervals" : "IntervalsCsv")
            .WithSummary("Quarter-hour rows of [from, to): site-local and UTC time, each meter's import, export and flag, the site's balance.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet(prefix + "/site-energy.csv", (string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, EnergyCsvExport export, IStringLocalizer<SharedResource> text) =>
                CsvAsync(siteId, from, to, resolution, user, energy, text, "site-energy",
                    (site, query, pipe, ct) => Rolled(site, query, (from, to) => export.WriteSiteRollUpsAsync(site, query.Resolution, from, to, pipe, ct))))
            .WithName(prefix.Length == 0 ? "ExportSiteEnergy" : "SiteEnergyCsv")
            .WithSummary("The site's balance per bucket (quarter-hour, hour, day, month) of [from, to), every stored figure.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet(prefix + "/meter-energy.csv", (string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, EnergyCsvExport export, IStringLocalizer<SharedResource> text) =>
                CsvAsync(siteId, from, to, resolution, user, energy, text, "meter-energy",
                    (site, query, pipe, ct) => Rolled(site, query, (from, to) => export.WriteMeterRollUpsAsync(site, query.Resolution, from, to, pipe, ct))))
            .WithName(prefix.Length == 0 ? "ExportMeterEnergy" : "MeterEnergyCsv")
            .WithSummary("Each consumption meter's energy and solar share per bucket of [from, to).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task Rolled(Site site, EnergyQuery query, Func<DateTime, DateTime, Task> write)
    {
        var (from, to) = query.ToUtc(TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone));
        return write(from, to);
    }

    private static async Task<IResult> CsvAsync(string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy,
        IStringLocalizer<SharedResource> text, string document, Func<Site, EnergyQuery, System.IO.Pipelines.PipeWriter, CancellationToken, Task> write)
    {
        var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
        if (request.Refusal is { } refusal)
        {
            return refusal;
        }

        var (site, query) = (request.Site!, request.Query!);
        return DownloadFileName.For(document, site.Name, query.Period.Start, "csv").Stream(Csv, (pipe, ct) => write(site, query, pipe, ct));
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private sealed record Request(Site? Site, EnergyQuery? Query, ProblemHttpResult? Refusal);

    // The site (the user's own) and the period, or the problem that answers the request.
    private static async Task<Request> RequestAsync(string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text)
    {
        var site = Guid.TryParse(siteId, out var id) ? await energy.SiteAsync(user, id) : null;
        if (site is null)
        {
            return new Request(null, null, NotFound(text["Api.SiteNotFound", siteId]));
        }

        var (query, problem) = EnergyQuery.Parse(from, to, resolution, energy.TodayAt(site));
        return problem is null
            ? new Request(site, query, null)
            : new Request(site, null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad period", detail: text[problem]));
    }
}
