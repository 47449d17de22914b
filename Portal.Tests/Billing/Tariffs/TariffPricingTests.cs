using Portal.Billing.Tariffs;

namespace Portal.Tests.Billing.Tariffs;

/// <summary>The timeline of versions with its gaps, the 80 % check (ZEV-11..13) and the actual grid cost (ZEV-10).</summary>
public sealed class TariffPricingTests
{
    private static Tariff Version(int year, int month, int day) => new() { ValidFrom = new DateOnly(year, month, day) };

    [Fact]
    public void Timeline_applies_each_version_until_the_next_and_reports_the_days_before_the_first_as_a_gap()
    {
        var march = Version(2026, 3, 15);
        var january = Version(2026, 1, 1);
        var timeline = TariffTimeline.Of([march, january, Version(2026, 7, 1)], new DateOnly(2025, 12, 20), new DateOnly(2026, 3, 31));

        Assert.False(timeline.IsComplete);
        Assert.Equal([new DayRange(new DateOnly(2025, 12, 20), new DateOnly(2025, 12, 31))], timeline.Gaps);
        Assert.Equal(12, timeline.Gaps[0].Days);
        Assert.Equal(2, timeline.Spans.Count);
        Assert.Equal(new DayRange(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 14)), timeline.Spans[0].Days);
        Assert.Same(january, timeline.On(new DateOnly(2026, 3, 14)));
        Assert.Same(march, timeline.On(new DateOnly(2026, 3, 15)));
        Assert.Null(timeline.On(new DateOnly(2025, 12, 31)));
    }

    [Fact]
    public void Timeline_without_versions_is_one_gap_and_a_covered_period_is_complete()
    {
        var period = (First: new DateOnly(2026, 4, 1), Last: new DateOnly(2026, 6, 30));
        Assert.Equal([new DayRange(period.First, period.Last)], TariffTimeline.Of([], period.First, period.Last).Gaps);
        var covered = TariffTimeline.Of([Version(2026, 1, 1)], period.First, period.Last);
        Assert.True(covered.IsComplete);
        Assert.Equal(91, covered.Spans.Single().Days.Days);
    }

    private static Tariff Priced(decimal solar, SolarPriceCap cap = SolarPriceCap.FlatEightyPercent) => new()
    {
        SolarPricePerKwh = solar,
        MeteringFeePerMonth = 3m,
        BillingFeePerMonth = 0.75m,
        CapMethod = cap,
        ReferenceHtPerKwh = 0.32m,
        ReferenceNtPerKwh = 0.24m,
        ReferenceFeesPerMonth = 7.5m,
        ReferenceKwhPerYear = 4500m,
        ReferenceHtSharePercent = 60m,
        VatRatePercent = 8.1m,
    };

    [Fact]
    public void ZEV13_reference_price_uses_the_HT_NT_split_and_spreads_the_fees_over_the_kWh()
    {
        // 0.6 x 0.32 + 0.4 x 0.24 = 0.288; fees 7.50 over 375 kWh a month = 0.02: reference 0.308 CHF/kWh.
        var figures = SolarPriceCheck.Check(Priced(0.15m), vatRegistered: false);
        Assert.Equal(0.308m, figures.ReferencePerKwh);
        Assert.Equal(80, figures.CapPercent);
        Assert.Equal(0.2464m, figures.CapPerKwh);
        // 0.15 + (3.00 + 0.75) / 375 = 0.16.
        Assert.Equal(0.16m, figures.OurPerKwh);
        Assert.Equal(0.0864m, figures.MarginPerKwh);
        Assert.False(figures.BreaksCap);
    }

    [Fact]
    public void ZEV11_a_solar_price_above_80_percent_breaks_the_cap_once_VAT_is_added()
    {
        // 0.23 + 0.01 = 0.24 fits under 0.2464 without VAT, but with 8.1 % VAT it is 0.25944; 0.21 + 0.01 with VAT is 0.23782 and fits.
        Assert.False(SolarPriceCheck.Check(Priced(0.23m), vatRegistered: false).BreaksCap);
        Assert.False(SolarPriceCheck.Check(Priced(0.21m), vatRegistered: true).BreaksCap);
        var breaking = SolarPriceCheck.Check(Priced(0.23m), vatRegistered: true);
        Assert.True(breaking.BreaksCap);
        Assert.Equal(0.2594m, breaking.OurPerKwh);
        Assert.Equal(-0.013m, breaking.MarginPerKwh);
    }

    [Fact]
    public void ZEV12_effective_cost_is_capped_at_100_percent()
    {
        var figures = SolarPriceCheck.Check(Priced(0.28m, SolarPriceCap.EffectiveCost), vatRegistered: false);
        Assert.Equal(100, figures.CapPercent);
        Assert.Equal(0.308m, figures.CapPerKwh);
        Assert.False(figures.BreaksCap);
        Assert.True(SolarPriceCheck.Check(Priced(0.28m), vatRegistered: false).BreaksCap);
    }

    [Fact]
    public void ZEV10_actual_grid_cost_spreads_power_charge_and_fees_over_all_kWh_without_mark_up()
    {
        var invoice = new UtilityInvoice { KwhHt = 3000m, KwhNt = 1000m, AmountHt = 900m, AmountNt = 200m, PowerCharge = 150m, Fees = 50m };
        // 200 CHF over 4000 kWh = 0.05: HT 0.30 + 0.05, NT 0.20 + 0.05.
        var cost = ActualGridCost.Of(invoice)!;
        Assert.Equal(0.35m, cost.HtPerKwh);
        Assert.Equal(0.25m, cost.NtPerKwh);
        // Charged back on the invoiced kWh, the residents pay exactly the DSO's invoice.
        Assert.Equal(900m + 200m + 150m + 50m, (cost.HtPerKwh * invoice.KwhHt) + (cost.NtPerKwh * invoice.KwhNt));
    }

    [Fact]
    public void ZEV10_a_single_tariff_invoice_gives_NT_the_HT_price_and_an_empty_one_gives_none()
    {
        var single = ActualGridCost.Of(new UtilityInvoice { KwhHt = 1000m, AmountHt = 280m, Fees = 20m })!;
        Assert.Equal(0.30m, single.HtPerKwh);
        Assert.Equal(0.30m, single.NtPerKwh);
        Assert.Null(ActualGridCost.Of(new UtilityInvoice { Fees = 20m }));
    }

    [Fact]
    public void Billing_identifiers_check_IBAN_mod_97_and_the_VAT_number_format()
    {
        Assert.True(BillingIdentifiers.IsValidIban(BillingIdentifiers.CompactIban("ch58 0079 1123 0008 8901 2")));
        Assert.False(BillingIdentifiers.IsValidIban("CH5800791123000889013"));
        Assert.False(BillingIdentifiers.IsValidIban("CH58"));
        Assert.True(BillingIdentifiers.IsValidVatNumber("CHE-123.456.789 MWST"));
        Assert.True(BillingIdentifiers.IsValidVatNumber("CHE-123.456.789 TVA"));
        Assert.False(BillingIdentifiers.IsValidVatNumber("CHE-123456789"));
        Assert.False(BillingIdentifiers.IsValidVatNumber("CHE-123.456.789 VAT"));
    }
}
