using Microsoft.Extensions.Localization;

namespace Portal.Billing.Tariffs;

/// <summary>
/// How a site invoices: the issuer's structured address (QR-06), the IBAN payments go to (compact, no spaces), VAT
/// registration and number (INV-01, INV-03), the payment term, and the labels of the invoice lines (null = the
/// default text in the reader's language).
/// </summary>
public sealed class SiteBillingSettings
{
    public Guid SiteId { get; set; }

    public string IssuerName { get; set; } = "";

    public string IssuerStreet { get; set; } = "";

    public string IssuerBuildingNumber { get; set; } = "";

    public string IssuerPostalCode { get; set; } = "";

    public string IssuerTown { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string IssuerCountry { get; set; } = "CH";

    /// <summary>Compact IBAN (upper case, no spaces), checked with mod 97.</summary>
    public string Iban { get; set; } = "";

    public bool VatRegistered { get; set; }

    /// <summary>CHE-123.456.789 MWST (or TVA, IVA); required when <see cref="VatRegistered"/>.</summary>
    public string? VatNumber { get; set; }

    public int PaymentTermDays { get; set; } = DefaultPaymentTermDays;

    public string Currency { get; set; } = "CHF";

    public string? SolarEnergyLabel { get; set; }

    public string? GridEnergyHtLabel { get; set; }

    public string? GridEnergyNtLabel { get; set; }

    public string? MeteringFeeLabel { get; set; }

    public string? BillingFeeLabel { get; set; }

    public string? CommonElectricityLabel { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public const int DefaultPaymentTermDays = 30;

    /// <summary>A detached copy for an editor (every member is a value).</summary>
    public SiteBillingSettings Copy() => (SiteBillingSettings)MemberwiseClone();

    /// <summary>The lines whose label the owner may change (a single tariff's one grid line keeps the portal's text).</summary>
    public static readonly IReadOnlyList<InvoiceLineKind> LabelledLines =
        [InvoiceLineKind.Solar, InvoiceLineKind.GridHigh, InvoiceLineKind.GridLow, InvoiceLineKind.MeteringFee, InvoiceLineKind.BillingFee, InvoiceLineKind.CommonElectricity];

    /// <summary>The owner's label for the line, else the default in the current UI culture (<c>Billing.Line.*</c>).</summary>
    public string LabelOf(InvoiceLineKind line, IStringLocalizer text) => CustomLabel(line) is { Length: > 0 } custom ? custom : text[DefaultLabelKey(line)];

    public string? CustomLabel(InvoiceLineKind line) => line switch
    {
        InvoiceLineKind.Solar => SolarEnergyLabel,
        InvoiceLineKind.GridHigh => GridEnergyHtLabel,
        InvoiceLineKind.GridLow => GridEnergyNtLabel,
        InvoiceLineKind.MeteringFee => MeteringFeeLabel,
        InvoiceLineKind.BillingFee => BillingFeeLabel,
        InvoiceLineKind.CommonElectricity => CommonElectricityLabel,
        _ => null,
    };

    public void SetCustomLabel(InvoiceLineKind line, string? label)
    {
        var value = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        switch (line)
        {
            case InvoiceLineKind.Solar: SolarEnergyLabel = value; break;
            case InvoiceLineKind.GridHigh: GridEnergyHtLabel = value; break;
            case InvoiceLineKind.GridLow: GridEnergyNtLabel = value; break;
            case InvoiceLineKind.MeteringFee: MeteringFeeLabel = value; break;
            case InvoiceLineKind.BillingFee: BillingFeeLabel = value; break;
            case InvoiceLineKind.CommonElectricity: CommonElectricityLabel = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(line));
        }
    }

    public static string DefaultLabelKey(InvoiceLineKind line) => $"Billing.Line.{line}";
}
