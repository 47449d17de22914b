using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Documents;
using Portal.Telemetry;

namespace Portal.Commissioning;

/// <summary>The commissioning downloads (report as PDF and CSV, the re-importable meter sheet), for the installers of the site only.</summary>
public static class CommissioningEndpoints
{
    public static void MapCommissioningEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/installer/sites/{siteId:guid}")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Installer, Policy = Sites.SitePolicies.Commission });

        group.MapGet("/report.pdf", async (Guid siteId, ClaimsPrincipal user, SiteCommissioning commissioning, SiteTelemetry telemetry, CommissioningReport report, IPdfRenderer pdf, TimeProvider clock) =>
            await InputAsync(siteId, user, commissioning, telemetry, clock) is { } input
                ? FileName(input, "pdf").File(pdf.Render(report.Build(input)), "application/pdf")
                : Results.NotFound());

        group.MapGet("/meters.csv", async (Guid siteId, ClaimsPrincipal user, SiteCommissioning commissioning, SiteTelemetry telemetry, CommissioningReport report, TimeProvider clock) =>
            await InputAsync(siteId, user, commissioning, telemetry, clock) is { } input
                ? FileName(input, "csv").File(Utf8WithByteOrderMark(report.Csv(input)), "text/csv; charset=utf-8")
                : Results.NotFound());

        // The meters as a sheet the meters step reads back to the same meters (headers and roles in the user's language).
        group.MapGet("/meter-sheet.csv", async (Guid siteId, ClaimsPrincipal user, SiteCommissioning commissioning, SiteTelemetry telemetry, IStringLocalizer<CommissioningResource> localizer, TimeProvider clock) =>
        {
            if (await telemetry.ForAsync(user, siteId) is null || await commissioning.LoadAsync(siteId) is not { } view)
            {
                return Results.NotFound();
            }

            var sheet = MeterSheet.Write(SiteCommissioning.SheetOf(view), localizer, CultureInfo.CurrentCulture);
            return DownloadFileName.For(localizer.Text("Sheet.FileName"), view.Site.Name, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "csv")
                .File(Utf8WithByteOrderMark(sheet), "text/csv; charset=utf-8");
        });
    }

    /// <summary>With a byte-order mark, so spreadsheets read the accents as UTF-8.</summary>
    private static byte[] Utf8WithByteOrderMark(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    private static DownloadFileName FileName(ReportInput input, string extension) =>
        DownloadFileName.For("commissioning", input.Site.Name, DateOnly.FromDateTime(input.MadeAt.UtcDateTime), extension);

    private static async Task<ReportInput?> InputAsync(Guid siteId, ClaimsPrincipal user, SiteCommissioning commissioning, SiteTelemetry telemetry, TimeProvider clock)
    {
        var wizard = await commissioning.LoadAsync(siteId);
        var live = await telemetry.ForAsync(user, siteId);
        if (wizard is null || live is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var readings = live.Live.ToDictionary(v => v.MeterId);
        var first = await commissioning.FirstReadingsAsync(siteId);
        var gateway = live.Gateways.Count > 0 ? live.Gateways[0] : null;
        return new ReportInput(
            new ReportSite(wizard.Site.Name, wizard.Site.Address, wizard.Site.Type, wizard.Site.TimeZone, wizard.Site.CommissionedUtc is { } commissioned ? new DateTimeOffset(commissioned, TimeSpan.Zero) : null),
            new ReportGateway(gateway?.Id ?? "–", wizard.Gateway?.Serial ?? "", gateway?.ConfigVersion ?? 0, gateway?.AckedConfigVersion, gateway?.ConfigOutcome,
                wizard.Gateway?.ConfigAckUtc is { } acked ? new DateTimeOffset(acked, TimeSpan.Zero) : null),
            wizard.Buses.Select(b => new BusSpec(b.Id, b.Name, b.Kind, b.Host, b.Port)).ToList(),
            wizard.Meters.Select(m => new ReportMeter(m.Id, m.Name, m.Role, m.Model, m.CtRatio, m.Serial, m.BusId, m.UnitId,
                // Kept when the site was commissioned (billing starts from it); none before.
                FirstReading: first.GetValueOrDefault(m.Id) is { } f
                    ? new ReportReading(new DateTimeOffset(f.MeasuredUtc, TimeSpan.Zero), f.ImportRegisterWh / 1000m, f.ExportRegisterWh / 1000m, f.ActivePowerW, f.VoltageL1, f.VoltageL2, f.VoltageL3)
                    : null,
                LatestReading: readings.GetValueOrDefault(m.Id) is { } r ? new ReportReading(r.MeasuredAt, r.ImportKwh, r.ExportKwh, r.ActivePowerW, r.VoltageL1, r.VoltageL2, r.VoltageL3) : null,
                BillingPoint: m.BillingPointId is { } point ? wizard.BillingPointNames.GetValueOrDefault(point, "") : "")).ToList(),
            SiteCommissioning.Inspect(wizard, readings.GetValueOrDefault, now),
            user.FindFirstValue(PortalClaimsFactory.DisplayNameClaim) ?? "",
            now);
    }
}
