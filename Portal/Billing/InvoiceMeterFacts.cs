using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>
/// What a draft invoice captures from its billing point's meters besides the billed energy, so the issued PDF is
/// frozen with it: each meter's import register at the start and end of the account's stay (<see cref="MeterRegister"/>)
/// and the solar and grid energy per local day for the chart. A day shared by two accounts (a move) is shown on both
/// charts; the billed figures are cut at the quarter-hour as always.
/// </summary>
public sealed class InvoiceMeterFacts
{
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<string, Dictionary<DateOnly, (long Solar, long Grid)>> _days = new(StringComparer.Ordinal);
    private DateTime _lastStartUtc = DateTime.MinValue;
    private DateOnly _lastDay;
    private readonly Dictionary<string, List<RegisterAnchor>> _anchors;
    private readonly Dictionary<string, List<RegisterInterval>> _intervals;

    private InvoiceMeterFacts(TimeZoneInfo zone, Dictionary<string, List<RegisterAnchor>> anchors, Dictionary<string, List<RegisterInterval>> intervals)
    {
        _zone = zone;
        _anchors = anchors;
        _intervals = intervals;
    }

    /// <summary>Reads the registers the portal knows of <paramref name="meterIds"/> and their intervals up to <paramref name="toUtc"/>.</summary>
    public static async Task<InvoiceMeterFacts> LoadAsync(PortalDbContext db, IReadOnlyCollection<string> meterIds, DateTime toUtc, TimeZoneInfo zone, CancellationToken ct)
    {
        var first = await db.MeterFirstReadings.AsNoTracking().Where(r => meterIds.Contains(r.MeterId))
            .Select(r => new { r.MeterId, r.MeasuredUtc, r.ImportRegisterWh }).ToListAsync(ct);
        var live = await db.MeterLiveReadings.AsNoTracking().Where(r => meterIds.Contains(r.MeterId))
            .Select(r => new { r.MeterId, r.MeasuredUtc, r.ImportRegisterWh }).ToListAsync(ct);
        var anchors = first.Concat(live).GroupBy(r => r.MeterId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new RegisterAnchor(r.MeasuredUtc, r.ImportRegisterWh)).ToList(), StringComparer.Ordinal);
        var from = first.Count == 0 ? toUtc : first.Min(r => r.MeasuredUtc);
        var rows = await db.MeterIntervals.AsNoTracking().Where(i => meterIds.Contains(i.MeterId) && i.EndUtc > from)
            .OrderBy(i => i.MeterId).ThenBy(i => i.StartUtc)
            .Select(i => new { i.MeterId, i.StartUtc, i.EndUtc, i.ImportWh, i.CounterWentBackwards }).ToListAsync(ct);
        var intervals = rows.GroupBy(r => r.MeterId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new RegisterInterval(r.StartUtc, r.EndUtc, r.ImportWh, r.CounterWentBackwards)).ToList(), StringComparer.Ordinal);
        return new InvoiceMeterFacts(zone, anchors, intervals);
    }

    /// <summary>One quarter-hour of a consumption meter, as the run reads it.</summary>
    public void AddQuarterHour(string meterId, DateTime startUtc, long consumedWh, long solarWh)
    {
        if (startUtc != _lastStartUtc)
        {
            // The run reads a quarter-hour's meters together: one time zone conversion per quarter-hour, not per row.
            _lastStartUtc = startUtc;
            _lastDay = EnergyBuckets.LocalDay(startUtc, _zone);
        }

        var days = _days.TryGetValue(meterId, out var known) ? known : _days[meterId] = [];
        var (solar, grid) = days.GetValueOrDefault(_lastDay);
        days[_lastDay] = (solar + solarWh, grid + Math.Max(0, consumedWh - solarWh));
    }

    /// <summary>Gives a draft its readings and days: the meters of its billing point over the account's stay [fromUtc, toUtc).</summary>
    public void CaptureInto(Invoice invoice, IEnumerable<Meter> meters, DateTime fromUtc, DateTime toUtc)
    {
        var own = meters.OrderBy(m => m.Name, StringComparer.CurrentCulture).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        invoice.Readings = [.. own.Select((meter, index) =>
        {
            var anchors = _anchors.GetValueOrDefault(meter.Id) ?? [];
            var intervals = _intervals.GetValueOrDefault(meter.Id) ?? [];
            return new InvoiceReading
            {
                InvoiceId = invoice.Id,
                Position = index + 1,
                MeterId = meter.Id,
                MeterName = meter.Name,
                StartWh = MeterRegister.At(fromUtc, anchors, intervals),
                EndWh = MeterRegister.At(toUtc, anchors, intervals),
            };
        })];
        invoice.Days = [.. own.SelectMany(m => _days.GetValueOrDefault(m.Id) ?? [])
            .Where(d => d.Key >= invoice.PeriodStart && d.Key < invoice.PeriodEnd)
            .GroupBy(d => d.Key).OrderBy(g => g.Key)
            .Select(g => new InvoiceDay { InvoiceId = invoice.Id, Day = g.Key, SolarWh = g.Sum(d => d.Value.Solar), GridWh = g.Sum(d => d.Value.Grid) })];
    }
}
