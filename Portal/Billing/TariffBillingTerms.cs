using Microsoft.Extensions.Localization;
using Portal.Billing.Tariffs;
using Portal.Energy;
using Portal.Localization;

namespace Portal.Billing;

/// <summary>
/// A billing run's terms from the site's tariffs (<see cref="TariffBook"/>): one segment per stretch of days with the
/// same tariff version and the same grid price (a DSO invoice's actual cost where one covers the days, ZEV-10), the
/// issuer from the billing settings, and what blocks issuing: days without a tariff, missing or incomplete settings,
/// an IBAN that fails its check (QR-07), a VAT-registered owner without a VAT number (INV-01).
/// </summary>
public sealed class TariffBillingTerms(Tariffs.Tariffs tariffs, IStringLocalizer<SharedResource> text) : IBillingTermsSource
{
    public async Task<BillingTerms> ForAsync(Guid siteId, BillingPeriod period, TimeZoneInfo zone, CancellationToken ct)
    {
        var book = await tariffs.ForBillingAsync(siteId, period.Start, period.LastDay, ct);
        var problems = new List<string>();
        if (book is null)
        {
            return new BillingTerms([], null, SiteBillingSettings.DefaultPaymentTermDays, new Dictionary<InvoiceLineKind, string>(), [text["Billing.SiteUnknown"]]);
        }

        foreach (var gap in book.Timeline.Gaps)
        {
            problems.Add(text["Billing.Problem.TariffGap", gap.First.ToString("d", System.Globalization.CultureInfo.CurrentCulture), gap.Last.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        }

        var settings = book.Settings;
        var issuer = settings is null ? null : Issuer(settings, problems);
        if (settings is null)
        {
            problems.Add(text["Billing.Problem.NoSettings"]);
        }

        var labels = settings is null
            ? new Dictionary<InvoiceLineKind, string>()
            : SiteBillingSettings.LabelledLines.Where(l => settings.CustomLabel(l) is { Length: > 0 }).ToDictionary(l => l, l => settings.CustomLabel(l)!);
        return new BillingTerms(Segments(book, period, zone), issuer, settings?.PaymentTermDays ?? SiteBillingSettings.DefaultPaymentTermDays, labels, problems);
    }

    private InvoiceIssuer Issuer(SiteBillingSettings settings, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(settings.IssuerName) || string.IsNullOrWhiteSpace(settings.IssuerPostalCode) || string.IsNullOrWhiteSpace(settings.IssuerTown) || string.IsNullOrWhiteSpace(settings.IssuerCountry))
        {
            problems.Add(text["Billing.Problem.IssuerAddress"]);
        }

        if (!Iban.IsValid(settings.Iban))
        {
            problems.Add(text["Billing.Problem.Iban", settings.Iban]);
        }

        if (settings.VatRegistered && string.IsNullOrWhiteSpace(settings.VatNumber))
        {
            problems.Add(text["Billing.Problem.VatNumber"]);
        }

        return new InvoiceIssuer(settings.IssuerName, settings.IssuerStreet, settings.IssuerBuildingNumber, settings.IssuerPostalCode, settings.IssuerTown,
            settings.IssuerCountry, Iban.Compact(settings.Iban), settings.VatRegistered, settings.VatNumber);
    }

    // Days with the same version and grid price form one segment; a day in a tariff gap forms none.
    private static List<(TariffSegment Segment, TariffPrices Prices)> Segments(TariffBook book, BillingPeriod period, TimeZoneInfo zone)
    {
        var segments = new List<(TariffSegment, TariffPrices)>();
        (Tariff Tariff, ActualGridCost Grid, DateOnly First)? open = null;
        for (var day = period.Start; day <= period.End; day = day.AddDays(1))
        {
            var tariff = day < period.End ? book.Timeline.On(day) : null;
            var grid = tariff is null ? null : book.GridPriceOn(day);
            if (open is { } current && (tariff is null || grid is null || !ReferenceEquals(current.Tariff, tariff) || current.Grid != grid))
            {
                segments.Add(Segment(current.Tariff, current.Grid, current.First, day, zone));
                open = null;
            }

            if (open is null && tariff is not null && grid is not null)
            {
                open = (tariff, grid, day);
            }
        }

        return segments;
    }

    private static (TariffSegment, TariffPrices) Segment(Tariff tariff, ActualGridCost grid, DateOnly first, DateOnly end, TimeZoneInfo zone)
    {
        var calendar = tariff.Calendar;
        var span = new UtcSpan(EnergyBuckets.LocalMidnight(first, zone), EnergyBuckets.LocalMidnight(end, zone));
        var hasLow = calendar.Windows.Count > 0 && grid.HtPerKwh != grid.NtPerKwh;
        return (
            new TariffSegment(span, start => calendar.IsHighTariff(start, zone)),
            new TariffPrices(tariff.SolarPricePerKwh, grid.HtPerKwh, hasLow ? grid.NtPerKwh : grid.HtPerKwh, hasLow, tariff.MeteringFeePerMonth, tariff.BillingFeePerMonth, tariff.VatRatePercent));
    }
}
