using Portal.Energy;

namespace Portal.Billing;

/// <summary>
/// Allocates a site's stored quarter-hour balance (<see cref="SiteEnergy"/>, <see cref="MeterEnergy"/>) to the
/// accounts of a billing period, pure and in one pass over the rows:
/// <list type="bullet">
/// <item>each consumption meter's solar and grid Wh of each quarter-hour (the ZEV-07 split the balance stored) go to
/// the account that had its billing point then (the resident, or the owner while vacant: INV-07; moves cut at local
/// midnight, a quarter-hour boundary), in the HT or NT window of that quarter-hour (ZEV-16) and the tariff segment
/// it falls in;</item>
/// <item>common electricity (ZEV-08): the meters of common areas and the residual (introduction minus the private
/// meters, when positive) are pooled and shared in equal parts among the site's other billing points, each part
/// going to whoever had the point then (the key "equal shares per unit");</item>
/// <item>missing data: a meter's quarter-hours without a row are listed per account. The estimation rule, applied
/// when the owner chooses it: each missing quarter-hour of a meter is worth the meter's average consumption over
/// its metered quarter-hours of the period, split solar/grid in the meter's own ratio of the period; the estimate is
/// taken from the residual of the same quarter-hours (the introduction meter counted that energy), so the
/// reconciliation still adds up.</item>
/// </list>
/// Feed every meter's rows in ascending time order (meters in any order), and the site's quarter-hour rows; then
/// <see cref="Result"/>.
/// </summary>
public sealed class BillingAllocation
{
    private readonly BillingSetup _setup;
    private readonly int _quarterHours;
    private readonly int[] _segmentOf;
    private readonly bool[] _high;
    private readonly int[] _epochOf;
    private readonly List<DateTime> _epochStarts;
    private readonly Dictionary<Guid, (UtcSpan Span, BillingAccount Account)[]> _accountSpans;
    private readonly Dictionary<string, MeterState> _meters = new(StringComparer.Ordinal);
    private readonly Dictionary<BillingAccount, EnergySplit[]> _own = [];
    private readonly EnergySplit[,] _commonMeters;
    private readonly EnergySplit[,] _residual;
    private readonly bool[] _siteSeen;
    private EnergySplit _unassigned;
    private long _gridImport, _gridToBattery, _gridToLoad, _gridExport, _production, _solarUsed, _negativeResidual;
    private MeterState? _last;

    public BillingAllocation(BillingSetup setup)
    {
        _setup = setup;
        _quarterHours = setup.Period.QuarterHours;
        _segmentOf = new int[_quarterHours];
        _high = new bool[_quarterHours];
        for (var i = 0; i < _quarterHours; i++)
        {
            var start = StartOf(i);
            _segmentOf[i] = -1;
            for (var s = 0; s < setup.Segments.Count; s++)
            {
                if (setup.Segments[s].Span.Contains(start))
                {
                    _segmentOf[i] = s;
                    _high[i] = setup.Segments[s].IsHighTariff(start);
                    break;
                }
            }
        }

        // Epochs: the stretches between moves, in which every billing point has one account, so the common pool of an
        // epoch is shared among a fixed set of accounts.
        _epochStarts = [.. setup.Points.SelectMany(p => p.Stays).SelectMany(s => new[] { s.Span.FromUtc, s.Span.ToUtc })
            .Where(setup.Period.Contains).Append(setup.Period.FromUtc).Distinct().Order()];
        _epochOf = new int[_quarterHours];
        for (int i = 0, epoch = 0; i < _quarterHours; i++)
        {
            while (epoch + 1 < _epochStarts.Count && _epochStarts[epoch + 1] <= StartOf(i))
            {
                epoch++;
            }

            _epochOf[i] = epoch;
        }

        var segments = Math.Max(1, setup.Segments.Count);
        _commonMeters = new EnergySplit[_epochStarts.Count, segments];
        _residual = new EnergySplit[_epochStarts.Count, segments];
        _siteSeen = new bool[_quarterHours];
        _accountSpans = setup.Points.ToDictionary(p => p.Id, p => AccountSpans(p, setup.Period));
        foreach (var (meterId, point) in setup.MeterPoints)
        {
            _meters[meterId] = new MeterState(meterId, point, setup.CommonAreaMeters.Contains(meterId) || IsCommonPoint(point));
        }
    }

    /// <summary>One consumption meter's quarter-hour (a row of <see cref="MeterEnergy"/>); rows outside the period are ignored.</summary>
    public void AddMeter(string meterId, DateTime startUtc, long consumedWh, long solarWh, bool estimated)
    {
        var i = IndexOf(startUtc);
        if (i < 0)
        {
            return;
        }

        var meter = _last is { } last && last.Id == meterId ? last : _meters.GetValueOrDefault(meterId);
        if (meter is null)
        {
            // A consumption meter the setup does not know (deleted since, or not a consumer any more): not billed.
            meter = _meters[meterId] = new MeterState(meterId, null, false);
        }

        _last = meter;
        if (i < meter.NextExpected)
        {
            throw new ArgumentException($"Rows of meter {meterId} must come once each, in ascending time order ({startUtc:O}).", nameof(startUtc));
        }

        meter.Gap(meter.NextExpected, i);
        meter.NextExpected = i + 1;
        meter.PresentQuarterHours++;
        meter.ConsumedWh += consumedWh;
        meter.SolarWh += solarWh;
        var split = EnergySplit.Of(_high[i], solarWh, consumedWh - solarWh);
        if (meter.IsCommon)
        {
            Pool(_commonMeters, i, split);
            return;
        }

        if (meter.Point is not { } point || !_accountSpans.ContainsKey(point))
        {
            _unassigned = _unassigned.Plus(split);
            return;
        }

        var account = AccountAt(point, i);
        Own(account, i, split);
        if (estimated)
        {
            meter.Estimated(account);
        }
    }

    /// <summary>One quarter-hour of the site's balance (a <see cref="SiteEnergy"/> row at quarter-hour resolution).</summary>
    public void AddSite(SiteEnergy quarterHour)
    {
        var i = IndexOf(quarterHour.StartUtc);
        if (i < 0 || _siteSeen[i])
        {
            return;
        }

        _siteSeen[i] = true;
        _gridImport += quarterHour.GridImportWh;
        _gridToBattery += quarterHour.GridToBatteryWh;
        _gridToLoad += quarterHour.GridToLoadWh;
        _gridExport += quarterHour.GridExportWh;
        _production += quarterHour.ProductionWh;
        _solarUsed += quarterHour.LocalSupplyWh;
        if (_setup.SingleConsumerPoint is { } only)
        {
            // A single consumer: the house is the one account, its consumption derived by the balance.
            Own(AccountAt(only, i), i, EnergySplit.Of(_high[i], quarterHour.SolarToMetersWh, quarterHour.MeteredWh - quarterHour.SolarToMetersWh));
            return;
        }

        if (quarterHour.ResidualWh > 0)
        {
            Pool(_residual, i, EnergySplit.Of(_high[i], quarterHour.ResidualSolarWh, quarterHour.ResidualWh - quarterHour.ResidualSolarWh));
        }
        else
        {
            _negativeResidual += quarterHour.ResidualWh;
        }
    }

    /// <param name="estimateMissing">The owner chose to bill missing quarter-hours by the estimation rule.</param>
    /// <remarks>Reads the rows added so far and changes nothing: it may be called again, with the other choice.</remarks>
    public AllocationResult Result(bool estimateMissing)
    {
        var segments = Math.Max(1, _setup.Segments.Count);
        var estimates = new Dictionary<BillingAccount, EnergySplit[]>();
        var missing = new Dictionary<BillingAccount, List<MissingData>>();
        var missingCount = new Dictionary<BillingAccount, int>();
        var cannotEstimate = new HashSet<BillingAccount>();
        var commonMissing = new List<MissingData>();
        var residual = (EnergySplit[,])_residual.Clone();
        foreach (var meter in _meters.Values)
        {
            var tail = meter.NextExpected < _quarterHours ? [(meter.NextExpected, _quarterHours)] : Array.Empty<(int, int)>();
            foreach (var (from, to) in meter.Gaps.Concat(tail))
            {
                if (meter.IsCommon || meter.Point is not { } point || !_accountSpans.ContainsKey(point))
                {
                    commonMissing.Add(new MissingData(meter.Id, new UtcSpan(StartOf(from), StartOf(to))));
                    continue;
                }

                EstimateGap(meter, point, from, to, estimates, missing, missingCount, cannotEstimate, residual);
            }
        }

        var accounts = new List<AccountEnergy>();
        var common = ShareCommon(estimateMissing ? residual : _residual, segments);
        foreach (var point in _setup.Points.Where(p => !p.IsCommonArea))
        {
            foreach (var (span, account) in _accountSpans[point.Id])
            {
                var own = _own.GetValueOrDefault(account) ?? new EnergySplit[segments];
                var estimate = estimates.GetValueOrDefault(account) ?? new EnergySplit[segments];
                var billedOwn = estimateMissing ? [.. own.Zip(estimate, (a, b) => a.Plus(b))] : own;
                if (accounts.FindIndex(a => a.Account == account) is var known and >= 0)
                {
                    accounts[known] = accounts[known] with { Spans = [.. accounts[known].Spans, span] };
                    continue;
                }

                accounts.Add(new AccountEnergy(
                    account,
                    [span],
                    billedOwn,
                    common.GetValueOrDefault(account) ?? new EnergySplit[segments],
                    estimate,
                    missingCount.GetValueOrDefault(account),
                    _meters.Values.Sum(m => m.EstimatedFor(account)),
                    missing.GetValueOrDefault(account) ?? [],
                    cannotEstimate.Contains(account)));
            }
        }

        var participants = accounts.Where(a => !IsCommonPoint(a.Account.BillingPointId)).Aggregate(default(EnergySplit), (sum, a) => sum.Plus(a.Own));
        var reconciliation = new Reconciliation(
            _gridImport, _gridToBattery, _gridToLoad, _gridExport, _production, _solarUsed,
            participants, Sum(_commonMeters), estimateMissing ? Sum(residual) : Sum(_residual), _unassigned, _negativeResidual);
        var gaps = new List<UtcSpan>();
        for (var i = 0; i < _quarterHours; i++)
        {
            if (_segmentOf[i] < 0)
            {
                if (gaps.Count > 0 && gaps[^1].ToUtc == StartOf(i))
                {
                    gaps[^1] = gaps[^1] with { ToUtc = StartOf(i + 1) };
                }
                else
                {
                    gaps.Add(new UtcSpan(StartOf(i), StartOf(i + 1)));
                }
            }
        }

        return new AllocationResult(accounts, reconciliation, gaps) { CommonMissing = commonMissing, SiteMissingQuarterHours = _siteSeen.Count(s => !s) };
    }

    private void EstimateGap(
        MeterState meter,
        Guid point,
        int from,
        int to,
        Dictionary<BillingAccount, EnergySplit[]> estimates,
        Dictionary<BillingAccount, List<MissingData>> missing,
        Dictionary<BillingAccount, int> missingCount,
        HashSet<BillingAccount> cannotEstimate,
        EnergySplit[,] residual)
    {
        // Split the gap where the account changes, so each account sees its own missing quarter-hours.
        for (var i = from; i < to;)
        {
            var account = AccountAt(point, i);
            var end = i + 1;
            while (end < to && AccountAt(point, end) == account)
            {
                end++;
            }

            (missing.TryGetValue(account, out var list) ? list : missing[account] = []).Add(new MissingData(meter.Id, new UtcSpan(StartOf(i), StartOf(end))));
            missingCount[account] = missingCount.GetValueOrDefault(account) + (end - i);
            if (meter.PresentQuarterHours == 0)
            {
                cannotEstimate.Add(account);
                i = end;
                continue;
            }

            var perSegment = estimates.TryGetValue(account, out var known) ? known : estimates[account] = new EnergySplit[Math.Max(1, _setup.Segments.Count)];
            foreach (var run in Runs(i, end))
            {
                var consumed = (long)Math.Round((decimal)meter.ConsumedWh * run.Count / meter.PresentQuarterHours, MidpointRounding.AwayFromZero);
                var solar = meter.ConsumedWh == 0 ? 0 : (long)Math.Round((decimal)consumed * meter.SolarWh / meter.ConsumedWh, MidpointRounding.AwayFromZero);
                var split = EnergySplit.Of(run.High, solar, consumed - solar);
                var segment = Math.Max(0, run.Segment);
                perSegment[segment] = perSegment[segment].Plus(split);
                residual[run.Epoch, segment] = residual[run.Epoch, segment].Plus(new EnergySplit(-split.SolarHighWh, -split.SolarLowWh, -split.GridHighWh, -split.GridLowWh));
            }

            i = end;
        }
    }

    // Consecutive quarter-hours of [from, to) with the same epoch, segment and window.
    private IEnumerable<(int Epoch, int Segment, bool High, int Count)> Runs(int from, int to)
    {
        for (var i = from; i < to;)
        {
            var end = i + 1;
            while (end < to && _epochOf[end] == _epochOf[i] && _segmentOf[end] == _segmentOf[i] && _high[end] == _high[i])
            {
                end++;
            }

            yield return (_epochOf[i], _segmentOf[i], _high[i], end - i);
            i = end;
        }
    }

    // The common pool of each epoch (common-area meters and the residual) in equal parts among the non-common points.
    private Dictionary<BillingAccount, EnergySplit[]> ShareCommon(EnergySplit[,] residual, int segments)
    {
        var shares = new Dictionary<BillingAccount, EnergySplit[]>();
        var sharing = _setup.Points.Where(p => !p.IsCommonArea).ToList();
        if (sharing.Count == 0)
        {
            return shares;
        }

        for (var epoch = 0; epoch < _epochStarts.Count; epoch++)
        {
            var index = Math.Max(0, _epochStarts[epoch] == _setup.Period.FromUtc ? 0 : IndexOf(_epochStarts[epoch]));
            for (var segment = 0; segment < segments; segment++)
            {
                var pool = _commonMeters[epoch, segment].Plus(residual[epoch, segment]);
                if (pool.IsZero)
                {
                    continue;
                }

                var parts = pool.SplitEvenly(sharing.Count);
                for (var p = 0; p < sharing.Count; p++)
                {
                    var account = AccountAt(sharing[p].Id, index);
                    var perSegment = shares.TryGetValue(account, out var known) ? known : shares[account] = new EnergySplit[segments];
                    perSegment[segment] = perSegment[segment].Plus(parts[p]);
                }
            }
        }

        return shares;
    }

    private void Own(BillingAccount account, int i, EnergySplit split)
    {
        var perSegment = _own.TryGetValue(account, out var known) ? known : _own[account] = new EnergySplit[Math.Max(1, _setup.Segments.Count)];
        var segment = Math.Max(0, _segmentOf[i]);
        perSegment[segment] = perSegment[segment].Plus(split);
    }

    private void Pool(EnergySplit[,] pool, int i, EnergySplit split)
    {
        var segment = Math.Max(0, _segmentOf[i]);
        pool[_epochOf[i], segment] = pool[_epochOf[i], segment].Plus(split);
    }

    private BillingAccount AccountAt(Guid point, int i)
    {
        var start = StartOf(i);
        foreach (var (span, account) in _accountSpans[point])
        {
            if (span.Contains(start))
            {
                return account;
            }
        }

        return new BillingAccount(point, null);
    }

    private bool IsCommonPoint(Guid? point) => point is { } id && _setup.Points.FirstOrDefault(p => p.Id == id)?.IsCommonArea == true;

    private int IndexOf(DateTime startUtc)
    {
        var offset = startUtc - _setup.Period.FromUtc;
        if (offset < TimeSpan.Zero || startUtc >= _setup.Period.ToUtc || offset.Ticks % BillingSetup.QuarterHour.Ticks != 0)
        {
            return -1;
        }

        return (int)(offset.Ticks / BillingSetup.QuarterHour.Ticks);
    }

    private DateTime StartOf(int i) => _setup.Period.FromUtc.AddTicks(i * BillingSetup.QuarterHour.Ticks);

    private static EnergySplit Sum(EnergySplit[,] pool)
    {
        var sum = default(EnergySplit);
        foreach (var split in pool)
        {
            sum = sum.Plus(split);
        }

        return sum;
    }

    // The point's stays clipped to the period, with the owner's vacancy in between, in time order.
    private static (UtcSpan Span, BillingAccount Account)[] AccountSpans(BillingPointSetup point, UtcSpan period)
    {
        var spans = new List<(UtcSpan, BillingAccount)>();
        var cursor = period.FromUtc;
        foreach (var stay in point.Stays.OrderBy(s => s.Span.FromUtc))
        {
            if (stay.Span.Clip(period) is not { } clipped)
            {
                continue;
            }

            if (clipped.FromUtc > cursor)
            {
                spans.Add((new UtcSpan(cursor, clipped.FromUtc), new BillingAccount(point.Id, null)));
            }

            spans.Add((clipped, new BillingAccount(point.Id, stay.ResidentId)));
            cursor = clipped.ToUtc;
        }

        if (cursor < period.ToUtc)
        {
            spans.Add((new UtcSpan(cursor, period.ToUtc), new BillingAccount(point.Id, null)));
        }

        return [.. spans];
    }

    private sealed class MeterState(string id, Guid? point, bool isCommon)
    {
        private readonly Dictionary<BillingAccount, int> _estimated = [];

        public string Id { get; } = id;

        public Guid? Point { get; } = point;

        public bool IsCommon { get; } = isCommon;

        public int NextExpected { get; set; }

        public int PresentQuarterHours { get; set; }

        public long ConsumedWh { get; set; }

        public long SolarWh { get; set; }

        public List<(int From, int To)> Gaps { get; } = [];

        public void Gap(int from, int to)
        {
            if (from < to)
            {
                Gaps.Add((from, to));
            }
        }

        public void Estimated(BillingAccount account) => _estimated[account] = _estimated.GetValueOrDefault(account) + 1;

        public int EstimatedFor(BillingAccount account) => _estimated.GetValueOrDefault(account);
    }
}
