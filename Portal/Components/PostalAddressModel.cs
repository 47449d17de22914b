using Portal.Billing;
using Portal.Sites;

namespace Portal.Components;

/// <summary>What <see cref="PostalAddressFields"/> binds to: the parts as typed, before the server checks them.</summary>
public sealed class PostalAddressModel
{
    public string? Name { get; set; }
    public string? Street { get; set; }
    public string? BuildingNumber { get; set; }
    public string? PostalCode { get; set; }
    public string? Town { get; set; }
    public string? Country { get; set; }

    /// <summary>The stored address to edit, or a new one with <paramref name="name"/> in Switzerland.</summary>
    public static PostalAddressModel Of(StructuredAddress? address, string name) => new()
    {
        Name = address?.Name ?? name,
        Street = address?.Street,
        BuildingNumber = address?.BuildingNumber,
        PostalCode = address?.PostalCode,
        Town = address?.Town,
        Country = address?.Country ?? "CH",
    };

    public PostalAddressForm ToForm() => new(Name, Street, BuildingNumber, PostalCode, Town, Country);
}
