namespace Portal.Billing;

/// <summary>
/// A creditor's or debtor's address as the QR code carries it: address type S only (structured; combined addresses,
/// type K, are refused by Swiss banks since November 2025, QR-06). Limits (QR-05): name and street 70 characters,
/// building number and postcode 16, town 35, country a two-letter ISO 3166 code. c/o lines stay out (QR-06).
/// </summary>
public sealed record StructuredAddress(string Name, string? Street, string? BuildingNumber, string PostalCode, string Town, string Country)
{
    public const int NameLength = 70;
    public const int StreetLength = 70;
    public const int BuildingNumberLength = 16;
    public const int PostalCodeLength = 16;
    public const int TownLength = 35;

    /// <summary>The lines printed under "Account / Payable to" or "Payable by": name, street and number, postcode and town
    /// (a country other than CH/LI before the postcode).</summary>
    public IReadOnlyList<string> PrintedLines()
    {
        var lines = new List<string> { Name };
        var street = string.Join(' ', new[] { Street, BuildingNumber }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (street.Length > 0)
        {
            lines.Add(street);
        }

        lines.Add(Country is "CH" or "LI" ? $"{PostalCode} {Town}" : $"{Country} - {PostalCode} {Town}");
        return lines;
    }
}
