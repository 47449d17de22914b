namespace Portal.Billing.Tariffs;

/// <summary>A tariff version as the owner enters it; <see cref="Id"/> null adds a version.</summary>
public sealed class TariffForm
{
    public Guid? Id { get; set; }

    public DateOnly ValidFrom { get; set; }

    public decimal SolarPricePerKwh { get; set; }

    public decimal GridPriceHtPerKwh { get; set; }

    public decimal GridPriceNtPerKwh { get; set; }

    public decimal MeteringFeePerMonth { get; set; }

    public decimal BillingFeePerMonth { get; set; }

    public decimal VatRatePercent { get; set; } = Tariff.DefaultVatRatePercent;

    public TariffCalendar Calendar { get; set; } = TariffCalendarPresets.SingleTariff();

    public SolarPriceCap CapMethod { get; set; } = SolarPriceCap.FlatEightyPercent;

    public decimal ReferenceHtPerKwh { get; set; }

    public decimal ReferenceNtPerKwh { get; set; }

    public decimal ReferenceFeesPerMonth { get; set; }

    public decimal ReferenceKwhPerYear { get; set; } = Tariff.DefaultReferenceKwhPerYear;

    public decimal ReferenceHtSharePercent { get; set; } = Tariff.DefaultReferenceHtSharePercent;

    public static TariffForm Of(Tariff tariff) => new()
    {
        Id = tariff.Id,
        ValidFrom = tariff.ValidFrom,
        SolarPricePerKwh = tariff.SolarPricePerKwh,
        GridPriceHtPerKwh = tariff.GridPriceHtPerKwh,
        GridPriceNtPerKwh = tariff.GridPriceNtPerKwh,
        MeteringFeePerMonth = tariff.MeteringFeePerMonth,
        BillingFeePerMonth = tariff.BillingFeePerMonth,
        VatRatePercent = tariff.VatRatePercent,
        Calendar = tariff.Calendar,
        CapMethod = tariff.CapMethod,
        ReferenceHtPerKwh = tariff.ReferenceHtPerKwh,
        ReferenceNtPerKwh = tariff.ReferenceNtPerKwh,
        ReferenceFeesPerMonth = tariff.ReferenceFeesPerMonth,
        ReferenceKwhPerYear = tariff.ReferenceKwhPerYear,
        ReferenceHtSharePercent = tariff.ReferenceHtSharePercent,
    };

    internal void CopyTo(Tariff tariff)
    {
        tariff.ValidFrom = ValidFrom;
        tariff.SolarPricePerKwh = SolarPricePerKwh;
        tariff.GridPriceHtPerKwh = GridPriceHtPerKwh;
        tariff.GridPriceNtPerKwh = GridPriceNtPerKwh;
        tariff.MeteringFeePerMonth = MeteringFeePerMonth;
        tariff.BillingFeePerMonth = BillingFeePerMonth;
        tariff.VatRatePercent = VatRatePercent;
        tariff.Calendar = Calendar;
        tariff.CapMethod = CapMethod;
        tariff.ReferenceHtPerKwh = ReferenceHtPerKwh;
        tariff.ReferenceNtPerKwh = ReferenceNtPerKwh;
        tariff.ReferenceFeesPerMonth = ReferenceFeesPerMonth;
        tariff.ReferenceKwhPerYear = ReferenceKwhPerYear;
        tariff.ReferenceHtSharePercent = ReferenceHtSharePercent;
    }
}

/// <summary>A site's billing settings as the owner enters them.</summary>
public sealed class BillingSettingsForm
{
    public string IssuerName { get; set; } = "";

    public string IssuerStreet { get; set; } = "";

    public string IssuerBuildingNumber { get; set; } = "";

    public string IssuerPostalCode { get; set; } = "";

    public string IssuerTown { get; set; } = "";

    public string IssuerCountry { get; set; } = "CH";

    public string Iban { get; set; } = "";

    public bool VatRegistered { get; set; }

    public string? VatNumber { get; set; }

    public int PaymentTermDays { get; set; } = SiteBillingSettings.DefaultPaymentTermDays;

    /// <summary>The owner's labels; an empty or missing entry means the default text.</summary>
    public Dictionary<InvoiceLineKind, string?> Labels { get; set; } = [];

    public static BillingSettingsForm Of(SiteBillingSettings settings) => new()
    {
        IssuerName = settings.IssuerName,
        IssuerStreet = settings.IssuerStreet,
        IssuerBuildingNumber = settings.IssuerBuildingNumber,
        IssuerPostalCode = settings.IssuerPostalCode,
        IssuerTown = settings.IssuerTown,
        IssuerCountry = settings.IssuerCountry,
        Iban = settings.Iban,
        VatRegistered = settings.VatRegistered,
        VatNumber = settings.VatNumber,
        PaymentTermDays = settings.PaymentTermDays,
        Labels = Enum.GetValues<InvoiceLineKind>().ToDictionary(l => l, settings.CustomLabel),
    };
}

/// <summary>A DSO invoice as the owner enters it.</summary>
public sealed class UtilityInvoiceForm
{
    public DateOnly FirstDay { get; set; }

    public DateOnly LastDay { get; set; }

    public decimal KwhHt { get; set; }

    public decimal KwhNt { get; set; }

    public decimal AmountHt { get; set; }

    public decimal AmountNt { get; set; }

    public decimal PowerCharge { get; set; }

    public decimal Fees { get; set; }
}
