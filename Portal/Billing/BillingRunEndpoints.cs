using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Accounts;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>The downloads of a site's billing runs, for its owner or an administrator: a run's issued PDFs as one ZIP.</summary>
public static class BillingRunEndpoints
{
    public static void MapBillingRunEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapGroup("/sites/{siteId:guid}/billing/{runId:guid}")
            .RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Owner},{Roles.Administrator}", Policy = SitePolicies.Manage })
            .ExcludeFromDescription();

        // A run of another site, unknown or not the user's: 404, the same answer, so an id tells nothing.
        runs.MapGet("/invoices.zip", async (Guid siteId, Guid runId, ClaimsPrincipal user, BillingRuns billing, Invoices invoices, CancellationToken ct) =>
            await billing.SiteOfAsync(user, runId, ct) == siteId && await invoices.RunZipAsync(user, runId, ct) is { } zip
                ? Results.File(zip.Contents, "application/zip", zip.FileName)
                : Results.NotFound());
    }
}
