namespace Portal.Billing;

/// <summary>
/// Prices an account's allocated energy (pure): per tariff segment, solar kWh at the solar price, grid kWh at the HT
/// and NT prices (one grid line for a single tariff), the common-electricity share at the same prices (ZEV-08), and
/// the fixed fees pro rata by days (INV-07); every line is rounded once to the centime; VAT per rate on the sum of
/// its lines when the owner is VAT-registered (INV-03); advance payments deducted (INV-06).
/// </summary>
public static class InvoiceCalculator
{
    /// <summary>The next advance payment is proposed in whole steps of this many francs, rounded up.</summary>
    public const decimal AdvanceStep = 5m;

    /// <param name="segments">One per segment of <paramref name="energy"/>, in the same order.</param>
    /// <param name="nextPeriodDays">Days of the next period when the resident still lives there after this one; null when they moved out.</param>
    public static InvoiceFigures Of(AccountEnergy energy, IReadOnlyList<PricedSegment> segments, bool vatRegistered, decimal advancesPaid, TimeZoneInfo zone, int? nextPeriodDays)
    {
        if (segments.Count != energy.OwnPerSegment.Count)
        {
            throw new ArgumentException("One priced segment per segment of the allocation.", nameof(segments));
        }

        var lines = new List<InvoiceLineDraft>();
        var billedDays = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            var (span, prices) = (segments[s].Span, segments[s].Prices);
            var (from, to) = (LocalDay(span.FromUtc, zone), LocalDay(span.ToUtc, zone));
            var vat = vatRegistered ? prices.VatRatePercent : 0m;
            var own = energy.OwnPerSegment[s];
            lines.Add(Energy(InvoiceLineKind.Solar, from, to, own.SolarWh, prices.SolarPerKwh, vat));
            if (prices.HasLowTariff)
            {
                lines.Add(Energy(InvoiceLineKind.GridHigh, from, to, own.GridHighWh, prices.GridHighPerKwh, vat));
                lines.Add(Energy(InvoiceLineKind.GridLow, from, to, own.GridLowWh, prices.GridLowPerKwh, vat));
            }
            else
            {
                lines.Add(Energy(InvoiceLineKind.Grid, from, to, own.GridWh, prices.GridHighPerKwh, vat));
            }

            var common = energy.CommonPerSegment[s];
            if (!common.IsZero)
            {
                var exact = (Money.Kwh(common.SolarWh) * prices.SolarPerKwh) + (Money.Kwh(common.GridHighWh) * prices.GridHighPerKwh) + (Money.Kwh(common.GridLowWh) * prices.GridLowPerKwh);
                var kwh = Money.Kwh(common.TotalWh);
                lines.Add(new(InvoiceLineKind.CommonElectricity, from, to, kwh, QuantityUnit.Kwh, kwh == 0 ? 0 : decimal.Round(exact / kwh, 4, MidpointRounding.AwayFromZero), Money.Round(exact), vat));
            }

            var months = DaysPerMonth(energy.Spans, span, zone);
            var days = months.Sum(m => m.Days);
            billedDays += days;
            if (days > 0)
            {
                lines.Add(new(InvoiceLineKind.MeteringFee, from, to, days, QuantityUnit.Days, prices.MeteringFeePerMonth, ProRata(prices.MeteringFeePerMonth, months), vat));
                lines.Add(new(InvoiceLineKind.BillingFee, from, to, days, QuantityUnit.Days, prices.BillingFeePerMonth, ProRata(prices.BillingFeePerMonth, months), vat));
            }
        }

        var vatLines = vatRegistered
            ? lines.GroupBy(l => l.VatRatePercent).OrderBy(g => g.Key)
                .Select(g => new VatLine(g.Key, g.Sum(l => l.Amount), VatOf(g.Sum(l => l.Amount), g.Key))).ToList()
            : [];
        var net = lines.Sum(l => l.Amount);
        var vatTotal = vatLines.Sum(v => v.VatAmount);
        var total = net + vatTotal;
        decimal? next = nextPeriodDays is { } nextDays && billedDays > 0
            ? Math.Ceiling(total * nextDays / billedDays / AdvanceStep) * AdvanceStep
            : null;
        return new InvoiceFigures(lines, vatLines, net, vatTotal, total, advancesPaid, total - advancesPaid, next is > 0 ? next : null);
    }

    /// <summary>The VAT on the net amount of one rate's lines, rounded once (INV-01).</summary>
    public static decimal VatOf(decimal net, decimal ratePercent) => Money.Round(net * ratePercent / 100m);

    private static InvoiceLineDraft Energy(InvoiceLineKind kind, DateOnly from, DateOnly to, long wh, decimal price, decimal vat)
    {
        var kwh = Money.Kwh(wh);
        return new(kind, from, to, kwh, QuantityUnit.Kwh, price, Money.Round(kwh * price), vat);
    }

    // A monthly fee for some days of some months: fee x days / days of that month, summed, then rounded (INV-07).
    private static decimal ProRata(decimal feePerMonth, IReadOnlyList<(int Days, int DaysInMonth)> months) =>
        Money.Round(months.Sum(m => feePerMonth * m.Days / m.DaysInMonth));

    // The account's local days within the segment, counted per calendar month.
    private static List<(int Days, int DaysInMonth)> DaysPerMonth(IReadOnlyList<UtcSpan> spans, UtcSpan segment, TimeZoneInfo zone)
    {
        var perMonth = new SortedDictionary<(int Year, int Month), int>();
        foreach (var span in spans)
        {
            if (span.Clip(segment) is not { } part)
            {
                continue;
            }

            for (var day = LocalDay(part.FromUtc, zone); day < LocalDay(part.ToUtc, zone); day = day.AddDays(1))
            {
                perMonth[(day.Year, day.Month)] = perMonth.GetValueOrDefault((day.Year, day.Month)) + 1;
            }
        }

        return [.. perMonth.Select(m => (m.Value, DateTime.DaysInMonth(m.Key.Year, m.Key.Month)))];
    }

    private static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) => Portal.Energy.EnergyBuckets.LocalDay(utc, zone);
}
