using System.Security.Claims;
using Portal.Documents;

namespace Portal.Billing;

/// <summary>
/// An issued invoice's frozen PDF, for whoever <see cref="Invoices.PdfAsync"/> allows (its resident, the site's
/// manager): anyone else, and an unknown id alike, gets 404, so an id tells nothing.
/// </summary>
public static class InvoiceEndpoints
{
    public static void MapInvoiceEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/invoices/{invoiceId:guid}.pdf", async (Guid invoiceId, ClaimsPrincipal user, Invoices invoices, CancellationToken ct) =>
                await invoices.PdfAsync(user, invoiceId, ct) is { } file
                    ? DownloadFileName.Named(file.FileName).File(file.Contents, "application/pdf")
                    : Results.NotFound())
            .RequireAuthorization();
}
