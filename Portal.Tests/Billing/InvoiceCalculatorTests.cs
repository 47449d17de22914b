using Portal.Billing;

namespace Portal.Tests.Billing;

/// <summary>Pricing an account's energy: each line rounded once, totals that add up to the centime (INV-01..INV-07).</summary>
public sealed class InvoiceCalculatorTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly TariffPrices Prices = new(0.2150m, 0.3120m, 0.2280m, true, 4.50m, 3.00m, 8.1m);
    private static readonly BillingAccount Anna = new(Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void Each_line_is_rounded_once_and_the_totals_add_up_to_the_centime()
    {
        var june = Span(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        var energy = Energy(june, own: new EnergySplit(123_456, 0, 77_777, 55_555), common: new EnergySplit(1_001, 0, 2_002, 0));

        var figures = InvoiceCalculator.Of(energy, [new PricedSegment(june, Prices)], vatRegistered: true, advancesPaid: 50m, Zurich, nextPeriodDays: 30);

        Assert.Equal(
            [(InvoiceLineKind.Solar, 123.456m, 26.54m), (InvoiceLineKind.GridHigh, 77.777m, 24.27m), (InvoiceLineKind.GridLow, 55.555m, 12.67m),
             (InvoiceLineKind.CommonElectricity, 3.003m, 0.84m), (InvoiceLineKind.MeteringFee, 30m, 4.50m), (InvoiceLineKind.BillingFee, 30m, 3.00m)],
            figures.Lines.Select(l => (l.Kind, l.Quantity, l.Amount)));
        // 123.456 x 0.2150 = 26.54304; 77.777 x 0.3120 = 24.266424; 55.555 x 0.2280 = 12.66654;
        // common 1.001 x 0.2150 + 2.002 x 0.3120 = 0.839839.
        Assert.Equal(71.82m, figures.NetTotal);
        Assert.Equal([new VatLine(8.1m, 71.82m, 5.82m)], figures.Vat);
        Assert.Equal(77.64m, figures.Total);
        Assert.Equal(27.64m, figures.AmountDue);
        Assert.Equal(figures.Lines.Sum(l => l.Amount) + figures.VatTotal, figures.Total);
        Assert.Equal(80m, figures.NextAdvance);
    }

    [Fact]
    public void Fixed_fees_are_pro_rata_by_the_days_of_each_month_for_a_move_in_mid_month()
    {
        var period = Span(new DateOnly(2026, 6, 1), new DateOnly(2026, 8, 1));
        var lived = Span(new DateOnly(2026, 6, 16), new DateOnly(2026, 8, 1));
        var energy = Energy(lived, own: default, common: default);

        var figures = InvoiceCalculator.Of(energy, [new PricedSegment(period, Prices)], vatRegistered: false, 0m, Zurich, nextPeriodDays: null);

        var metering = Assert.Single(figures.Lines, l => l.Kind == InvoiceLineKind.MeteringFee);
        // 15 of June's 30 days and all 31 of July: 4.50 x (0.5 + 1) = 6.75.
        Assert.Equal((46m, 6.75m), (metering.Quantity, metering.Amount));
        Assert.Empty(figures.Vat);
        Assert.Null(figures.NextAdvance);
    }

    [Fact]
    public void A_single_tariff_has_one_grid_line_and_a_tariff_change_splits_the_lines_at_its_day()
    {
        var single = Prices with { HasLowTariff = false, GridLowPerKwh = Prices.GridHighPerKwh };
        var (first, second) = (Span(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 16)), Span(new DateOnly(2026, 6, 16), new DateOnly(2026, 7, 1)));
        var energy = new AccountEnergy(Anna, [Span(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1))],
            [new EnergySplit(0, 0, 1_000, 1_000), new EnergySplit(0, 0, 2_000, 0)], [default, default], [default, default], 0, 0, [], false);

        var figures = InvoiceCalculator.Of(energy, [new PricedSegment(first, single), new PricedSegment(second, single with { GridHighPerKwh = 0.40m, VatRatePercent = 8.1m })], true, 0m, Zurich, null);

        var grid = figures.Lines.Where(l => l.Kind == InvoiceLineKind.Grid).ToList();
        Assert.Equal([(2m, 0.62m, new DateOnly(2026, 6, 16)), (2m, 0.80m, new DateOnly(2026, 7, 1))], grid.Select(l => (l.Quantity, l.Amount, l.To)));
        Assert.DoesNotContain(figures.Lines, l => l.Kind is InvoiceLineKind.GridHigh or InvoiceLineKind.GridLow);
        Assert.Equal(2, figures.Lines.Count(l => l.Kind == InvoiceLineKind.MeteringFee));
    }

    [Fact]
    public void Without_VAT_registration_the_total_is_the_net_and_a_credit_has_a_negative_amount_due()
    {
        var june = Span(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        var figures = InvoiceCalculator.Of(Energy(june, new EnergySplit(0, 0, 10_000, 0), default), [new PricedSegment(june, Prices)], false, 100m, Zurich, 30);

        Assert.Equal(figures.NetTotal, figures.Total);
        Assert.Equal(0m, figures.VatTotal);
        Assert.Equal(figures.Total - 100m, figures.AmountDue);
        Assert.True(figures.AmountDue < 0);
    }

    private static AccountEnergy Energy(UtcSpan lived, EnergySplit own, EnergySplit common) =>
        new(Anna, [lived], [own], [common], [default], 0, 0, [], false);

    private static UtcSpan Span(DateOnly from, DateOnly to) =>
        new(TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), Zurich), TimeZoneInfo.ConvertTimeToUtc(to.ToDateTime(TimeOnly.MinValue), Zurich));
}
