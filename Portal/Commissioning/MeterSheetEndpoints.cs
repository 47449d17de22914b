using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Telemetry;

namespace Portal.Commissioning;

/// <summary>The site's meters as a sheet the meters step reads back to the same meters, for installers only.</summary>
public static class MeterSheetEndpoints
{
    public static void MapMeterSheetEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/installer/sites/{siteId:guid}/meter-sheet.csv", async (
                Guid siteId, ClaimsPrincipal user, SiteCommissioning commissioning, SiteTelemetry telemetry, IStringLocalizer<CommissioningResource> localizer) =>
            {
                // The same visibility as the site's other downloads.
                if (await telemetry.ForAsync(user, siteId) is null || await commissioning.LoadAsync(siteId) is not { } view)
                {
                    return Results.NotFound();
                }

                var sheet = MeterSheet.Write(SiteCommissioning.SheetOf(view), localizer, CultureInfo.CurrentCulture);
                // With a byte-order mark, so spreadsheets read the accents as UTF-8; the name is sent RFC 5987-encoded.
                return Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sheet)], "text/csv; charset=utf-8", $"{view.Site.Name} - {localizer.Text("Sheet.FileName")}.csv");
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Installer });
}
