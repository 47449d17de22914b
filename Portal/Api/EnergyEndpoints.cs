using System.IO.Pipelines;
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

        api.MapGet("/sites/{siteId}/meters/{meterId}/energy", (string siteId, string meterId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text) =>
                ConsumerAsync(siteId, from, to, resolution, user, energy, text, text["Api.MeterNotFound", meterId],
                    (site, query) => energy.MeterEnergyAsync(site, meterId, query)))
            .WithName("MeterEnergy").WithSummary("A consumption meter's energy and solar share over [from, to).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/sites/{siteId}/billing-points/{billingPointId}/energy", (string siteId, string billingPointId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, IStringLocalizer<SharedResource> text) =>
                ConsumerAsync(siteId, from, to, resolution, user, energy, text, text["Api.BillingPointNotFound", billingPointId],
                    (site, query) => Guid.TryParse(billingPointId, out var pointId) ? energy.BillingPointEnergyAsync(site, pointId, query) : Task.FromResult<ApiConsumerEnergy?>(null)))
            .WithName("BillingPointEnergy").WithSummary("A billing point's energy (the sum of its meters) and solar share over [from, to).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        MapCsv(api, "/sites/{siteId}");
    }

    /// <summary>The three CSV exports (docs/energy-exports.md), on either group (<paramref name="prefix"/>: the site's part of the route).</summary>
    private static void MapCsv(RouteGroupBuilder group, string prefix)
    {
        void Export(string file, string name, string summary, Func<EnergyCsvExport, Site, EnergyQuery, PipeWriter, CancellationToken, Task> write) =>
            group.MapGet(prefix + "/" + file + ".csv", (string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy, EnergyCsvExport export, IStringLocalizer<SharedResource> text) =>
                    CsvAsync(siteId, from, to, resolution, user, energy, text, file, (site, query, pipe, ct) => write(export, site, query, pipe, ct)))
                .WithName(prefix.Length == 0 ? "Export-" + file : name)
                .WithSummary(summary)
                .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        Export("intervals", "IntervalsCsv", "Quarter-hour rows of [from, to): site-local and UTC time, each meter's import, export and flag, the site's balance (resolution is ignored).",
            (export, site, query, pipe, ct) => export.WriteIntervalsAsync(site, query.Period, pipe, ct));
        Export("site-energy", "SiteEnergyCsv", "The site's balance per bucket (quarter-hour, hour, day, month) of [from, to), every stored figure.",
            (export, site, query, pipe, ct) => export.WriteSiteRollUpsAsync(site, query, pipe, ct));
        Export("meter-energy", "MeterEnergyCsv", "Each consumption meter's energy and solar share per bucket of [from, to).",
            (export, site, query, pipe, ct) => export.WriteMeterRollUpsAsync(site, query, pipe, ct));
    }

    private static async Task<IResult> CsvAsync(string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user, OwnerEnergy energy,
        IStringLocalizer<SharedResource> text, string document, Func<Site, EnergyQuery, PipeWriter, CancellationToken, Task> write)
    {
        var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
        if (request.Refusal is { } refusal)
        {
            return refusal;
        }

        var (site, query) = (request.Site!, request.Query!);
        return DownloadFileName.For(document == "intervals" ? "energy-intervals" : document, site.Name, query.Period.Start, "csv").Stream(Csv, (pipe, ct) => write(site, query, pipe, ct));
    }

    // A meter's or billing point's energy: the site and period first, then the consumer (null: not on this site).
    private static async Task<Results<Ok<ApiConsumerEnergy>, ProblemHttpResult>> ConsumerAsync(string siteId, string? from, string? to, string? resolution, ClaimsPrincipal user,
        OwnerEnergy energy, IStringLocalizer<SharedResource> text, string notFound, Func<Site, EnergyQuery, Task<ApiConsumerEnergy?>> read)
    {
        var request = await RequestAsync(siteId, from, to, resolution, user, energy, text);
        if (request.Refusal is { } refusal)
        {
            return refusal;
        }

        return await read(request.Site!, request.Query!) is { } found ? TypedResults.Ok(found) : NotFound(notFound);
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
