namespace Portal.Accounts;

/// <summary>
/// A resident's postal address in the structured form the Swiss QR-bill requires (QR-06, type S): the addressee's
/// name, street, building number, postal code, town and ISO 3166 country code. A c/o line is not part of it (the
/// QR code leaves it out). Stored on the account (<see cref="PortalUser.PostalAddress"/>); limits in
/// <see cref="Commissioning.FieldLimits"/>.
/// </summary>
public sealed record PostalAddress(string Name, string Street, string? BuildingNumber, string PostalCode, string Town, string Country);
