using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Billing;

/// <summary>A recipient's postal address, structured as the QR-bill requires (QR-06).</summary>
public sealed record RecipientAddress(string Street, string BuildingNumber, string PostalCode, string Town, string Country);

/// <summary>What issuing gives an invoice besides its number: the QR reference and the frozen PDF.</summary>
public sealed class InvoiceIssuing
{
    public Task<Dictionary<Guid, RecipientAddress>> AddressesAsync(PortalDbContext db, IReadOnlyCollection<Guid> residents, CancellationToken ct) =>
        Task.FromResult(new Dictionary<Guid, RecipientAddress>());

    public void Complete(Invoice invoice, InvoiceIssuer issuer, TimeZoneInfo zone) => throw new NotImplementedException();
}
