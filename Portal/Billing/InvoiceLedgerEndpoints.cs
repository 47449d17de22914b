using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Documents;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>
/// The owner's accounting export: <c>GET /sites/{siteId}/invoices/accounting.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>,
/// the site's issued invoices and credit notes with an issue date in [from, to) (<see cref="Invoices.AccountingCsvAsync"/>).
/// A site that is unknown or someone else's is a 404, a bad range a 400 with the message.
/// </summary>
public static class InvoiceLedgerEndpoints
{
    public static void MapInvoiceLedgerEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/sites/{siteId}/invoices/accounting.csv", AccountingCsvAsync)
            .RequireAuthorization(new AuthorizeAttribute { Policy = SitePolicies.Manage })
            .ExcludeFromDescription();

    private static async Task<IResult> AccountingCsvAsync(string siteId, string? from, string? to, ClaimsPrincipal user, Invoices invoices, IDbContextFactory<Data.PortalDbContext> contexts, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (!Guid.TryParse(siteId, out var id))
        {
            return TypedResults.NotFound();
        }

        if (!Day(from, out var first) || !Day(to, out var end) || end <= first)
        {
            return TypedResults.Problem(text["Ledger.Csv.Range"], statusCode: StatusCodes.Status400BadRequest);
        }

        var write = await invoices.AccountingCsvAsync(user, id, first, end, ct);
        if (write is null)
        {
            return TypedResults.NotFound();
        }

        // The user may manage the site (the export said so): its name only names the file.
        await using var db = await contexts.CreateDbContextAsync(ct);
        var name = await db.Sites.Where(s => s.Id == id).Select(s => s.Name).SingleAsync(ct);
        return DownloadFileName.For(text["Ledger.Csv.File"], name, first, "csv").Stream("text/csv; charset=utf-8", write);
    }

    private static bool Day(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
