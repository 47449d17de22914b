using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Energy;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>How far a long step of a run is: <paramref name="Done"/> of <paramref name="Total"/> items of <paramref name="Stage"/>.</summary>
public readonly record struct BillingProgress(BillingStage Stage, int Done, int Total);

public enum BillingStage
{
    Reading,
    Allocating,
    Drafting,
    Issuing,
}

/// <summary>What creating or changing a run did: its id, or the messages that refused it.</summary>
public sealed record BillingOutcome(Guid? RunId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static BillingOutcome Refused(params string[] errors) => new(null, errors);
}

/// <summary>
/// A site's billing runs, from draft to issued (issue 10): computes the drafts of every account from the stored
/// quarter-hour balance (<see cref="BillingAllocation"/>) and the site's terms (<see cref="IBillingTermsSource"/>),
/// keeps the reconciliation with the run, lets the owner choose to estimate missing data or wait, approve, reopen
/// and issue. Issuing numbers the invoices per site, gives each its QR reference and PDF, and freezes them in one
/// transaction: all or nothing. Every method checks that the user may manage the site (owner or administrator).
/// </summary>
public sealed class BillingRuns(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    EnergyHistory history,
    IBillingTermsSource terms,
    InvoiceIssuing issuing,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>Creates a draft run for the period (of the whole site, or of one billing point for a correction) and computes its drafts.</summary>
    public async Task<BillingOutcome> CreateAsync(ClaimsPrincipal user, Guid siteId, BillingPeriod period, Guid? billingPointId = null, IProgress<BillingProgress>? progress = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return BillingOutcome.Refused(text["Billing.SiteUnknown"]);
        }

        if (site.IsArchived)
        {
            return BillingOutcome.Refused(text[Site.ArchivedReadOnlyText]);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        if (period.Problem(OccupancyPeriod.Today(clock.GetUtcNow(), zone)) is { } problem)
        {
            return BillingOutcome.Refused(text[problem]);
        }

        if (billingPointId is { } only && !await db.BillingPoints.AnyAsync(b => b.Id == only && b.SiteId == siteId, ct))
        {
            return BillingOutcome.Refused(text["BillingPoint.Unknown"]);
        }

        var run = new BillingRun
        {
            SiteId = siteId,
            Kind = period.Kind,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            BillingPointId = billingPointId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            CreatedById = user.PortalUserId(),
        };
        db.BillingRuns.Add(run);
        await DraftAsync(db, run, site, zone, progress, ct);
        await db.SaveChangesAsync(ct);
        return new(run.Id, []);
    }

    /// <summary>Computes a draft run's drafts again: with late data, or after the owner chose to estimate missing data (or to wait).</summary>
    public async Task<BillingOutcome> RecomputeAsync(ClaimsPrincipal user, Guid runId, bool estimateMissing, IProgress<BillingProgress>? progress = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (run, site, refused) = await RunAsync(db, user, runId, ct);
        if (run is null || site is null)
        {
            return BillingOutcome.Refused(refused);
        }

        if (run.Status != BillingRunStatus.Draft)
        {
            return BillingOutcome.Refused(text["Billing.Run.NotDraft"]);
        }

        run.EstimateMissing = estimateMissing;
        await db.Invoices.Where(i => i.BillingRunId == run.Id && i.IssuedUtc == null).ExecuteDeleteAsync(ct);
        await DraftAsync(db, run, site, TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone), progress, ct);
        await db.SaveChangesAsync(ct);
        return new(run.Id, []);
    }

    /// <summary>The run for its review: drafts, reconciliation and what blocks issuing; null when unknown or not the user's.</summary>
    public async Task<BillingRunReview?> ReviewAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (run, site, _) = await RunAsync(db, user, runId, ct);
        if (run is null || site is null)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        var siteTerms = await terms.ForAsync(site.Id, run.Period, zone, ct);
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Lines).Where(i => i.BillingRunId == run.Id)
            .OrderBy(i => i.BillingPointName).ThenBy(i => i.PeriodStart).ToListAsync(ct);
        var problems = invoices.ToDictionary(i => i.Id, i => InvoiceProblems(i, run));
        return new BillingRunReview(run, site.Name, zone, invoices, problems, [.. siteTerms.Problems, .. RunProblems(run, invoices)]);
    }

    /// <summary>The site's runs, latest period first; null when the user may not manage the site.</summary>
    public async Task<IReadOnlyList<BillingRun>?> ListAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        return await db.BillingRuns.AsNoTracking().Where(r => r.SiteId == siteId)
            .OrderByDescending(r => r.PeriodStart).ThenByDescending(r => r.CreatedUtc).ToListAsync(ct);
    }

    /// <summary>
    /// The site's runs for its billing page, latest period first, each with its invoices (vacancy statements and credit
    /// notes left out) and their total, and the site's local day; null when the user may not manage the site.
    /// </summary>
    public async Task<SiteBillingRuns?> OverviewAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var runs = await db.BillingRuns.AsNoTracking().Where(r => r.SiteId == siteId)
            .OrderByDescending(r => r.PeriodStart).ThenByDescending(r => r.CreatedUtc).ToListAsync(ct);
        // SQLite cannot sum decimals: the totals add up here.
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.SiteId == siteId && i.Kind == InvoiceKind.Invoice)
            .Select(i => new { i.BillingRunId, i.Total }).ToListAsync(ct);
        var totals = invoices.GroupBy(i => i.BillingRunId).ToDictionary(g => g.Key, g => (Count: g.Count(), Total: g.Sum(i => i.Total)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        return new SiteBillingRuns(site.Name, site.IsArchived, zone, OccupancyPeriod.Today(clock.GetUtcNow(), zone),
            [.. runs.Select(r => totals.TryGetValue(r.Id, out var t) ? new BillingRunSummary(r, t.Count, t.Total) : new BillingRunSummary(r, 0, 0m))]);
    }

    /// <summary>The site a run belongs to, when the user may manage it; null otherwise (a URL naming another site is refused with it).</summary>
    public async Task<Guid?> SiteOfAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var siteId = await db.BillingRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => (Guid?)r.SiteId).SingleOrDefaultAsync(ct);
        var site = siteId is null ? null : await access.ManagedAsync(db, user, siteId.Value, ct);
        return site?.Id;
    }

    /// <summary>Approves a draft run: refused while anything blocks issuing (the review lists it).</summary>
    public async Task<BillingOutcome> ApproveAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        var review = await ReviewAsync(user, runId, ct);
        if (review is null)
        {
            return BillingOutcome.Refused(text["Billing.Run.Unknown"]);
        }

        if (review.Run.Status != BillingRunStatus.Draft)
        {
            return BillingOutcome.Refused(text["Billing.Run.NotDraft"]);
        }

        if (review.Blocking.Count > 0)
        {
            return new(null, review.Blocking);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var changed = await db.BillingRuns.Where(r => r.Id == runId && r.Status == BillingRunStatus.Draft)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, BillingRunStatus.Approved).SetProperty(x => x.ApprovedUtc, clock.GetUtcNow().UtcDateTime), ct);
        return changed == 1 ? new(runId, []) : BillingOutcome.Refused(text["Billing.Run.NotDraft"]);
    }

    /// <summary>Takes an approved run back to draft (to recompute it); an issued run stays issued.</summary>
    public async Task<BillingOutcome> ReopenAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (run, _, refused) = await RunAsync(db, user, runId, ct);
        if (run is null)
        {
            return BillingOutcome.Refused(refused);
        }

        if (run.Status != BillingRunStatus.Approved)
        {
            return BillingOutcome.Refused(text["Billing.Run.NotApproved"]);
        }

        run.Status = BillingRunStatus.Draft;
        run.ApprovedUtc = null;
        await db.SaveChangesAsync(ct);
        return new(run.Id, []);
    }

    /// <summary>Deletes a run that was never issued, with its drafts.</summary>
    public async Task<BillingOutcome> DeleteAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (run, _, refused) = await RunAsync(db, user, runId, ct);
        if (run is null)
        {
            return BillingOutcome.Refused(refused);
        }

        if (run.Status == BillingRunStatus.Issued)
        {
            return BillingOutcome.Refused(text["Billing.Run.AlreadyIssued"]);
        }

        await db.Invoices.Where(i => i.BillingRunId == run.Id).ExecuteDeleteAsync(ct);
        await db.BillingRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync(ct);
        return new(run.Id, []);
    }

    /// <summary>
    /// Issues an approved run: numbers, references, PDFs, frozen, all in one transaction (a failure issues nothing).
    /// Refused when something blocks it now (a tariff, an address or the IBAN changed since the approval).
    /// </summary>
    public async Task<BillingOutcome> IssueAsync(ClaimsPrincipal user, Guid runId, IProgress<BillingProgress>? progress = null, CancellationToken ct = default)
    {
        var review = await ReviewAsync(user, runId, ct);
        if (review is null)
        {
            return BillingOutcome.Refused(text["Billing.Run.Unknown"]);
        }

        if (review.Run.Status != BillingRunStatus.Approved)
        {
            return BillingOutcome.Refused(text["Billing.Run.NotApproved"]);
        }

        if (review.Blocking.Count > 0)
        {
            return new(null, review.Blocking);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.BillingRuns.SingleAsync(r => r.Id == runId, ct);
        var siteTerms = await terms.ForAsync(run.SiteId, run.Period, review.Zone, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invoices = await db.Invoices.AsSplitQuery().Include(i => i.Lines).Include(i => i.Readings).Include(i => i.Days).Where(i => i.BillingRunId == runId && i.IssuedUtc == null)
            .OrderBy(i => i.BillingPointName).ThenBy(i => i.PeriodStart).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OccupancyPeriod.Today(clock.GetUtcNow(), review.Zone);
        var number = await db.Invoices.Where(i => i.SiteId == run.SiteId && i.Number != null).MaxAsync(i => i.Number, ct) ?? 0;
        foreach (var invoice in invoices)
        {
            if (invoice.Kind != InvoiceKind.VacancyStatement)
            {
                invoice.Number = ++number;
            }

            invoice.IssueDate = today;
            invoice.DueDate = today.AddDays(siteTerms.PaymentTermDays);
            invoice.IssuedUtc = now;
            invoice.Status = InvoiceStatus.Issued;
        }

        // Numbers are given in order above; the references, QR-bills and PDFs depend on nothing but their own invoice,
        // so they are rendered on every core (the culture flows to the workers with the execution context).
        var completed = 0;
        var issuerCulture = CultureInfo.CurrentUICulture.Name;
        await Task.Run(() => Parallel.ForEach(invoices, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, invoice =>
        {
            invoice.Culture ??= issuerCulture;
            using (InvoiceCulture.Enter(invoice))
            {
                issuing.Complete(invoice, siteTerms.Issuer!, review.Zone);
            }

            progress?.Report(new(BillingStage.Issuing, Interlocked.Increment(ref completed), invoices.Count));
        }), ct);
        foreach (var invoice in invoices.Where(i => i.ResidentId is not null && i.AdvancesPaid != 0))
        {
            await db.AdvancePayments.Where(a => a.SiteId == run.SiteId && a.BillingPointId == invoice.BillingPointId && a.ResidentId == invoice.ResidentId
                    && a.DeductedById == null && a.PaidOn < invoice.PeriodEnd)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.DeductedById, invoice.Id), ct);
        }

        run.Status = BillingRunStatus.Issued;
        run.IssuedUtc = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        progress?.Report(new(BillingStage.Issuing, invoices.Count, invoices.Count));
        return new(run.Id, []);
    }

    private async Task DraftAsync(PortalDbContext db, BillingRun run, Site site, TimeZoneInfo zone, IProgress<BillingProgress>? progress, CancellationToken ct)
    {
        var period = run.Period;
        var span = new UtcSpan(EnergyBuckets.LocalMidnight(period.Start, zone), EnergyBuckets.LocalMidnight(period.End, zone));
        var siteTerms = await terms.ForAsync(site.Id, period, zone, ct);
        var points = await db.BillingPoints.AsNoTracking().Where(b => b.SiteId == site.Id).OrderBy(b => b.Name).ToListAsync(ct);
        var pointIds = points.Select(p => p.Id).ToList();
        var occupancies = await db.Occupancies.AsNoTracking().Where(o => pointIds.Contains(o.BillingPointId)).ToListAsync(ct);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == site.Id).ToListAsync(ct);
        var consumers = meters.Where(m => new BalanceMeter(m.Id, m.Role).IsConsumer).ToList();
        var singleConsumer = site.Type == Commissioning.SiteType.SingleConsumer && points.Count == 1 ? points[0].Id : (Guid?)null;
        var setup = new BillingSetup(
            span,
            [.. points.Select(p => new BillingPointSetup(p.Id, p.Kind == BillingPointKind.CommonArea, [.. occupancies.Where(o => o.BillingPointId == p.Id).Select(o => Stay(o, zone))]))],
            consumers.ToDictionary(m => m.Id, m => m.BillingPointId, StringComparer.Ordinal),
            consumers.Where(m => m.Role == MeterRole.CommonArea).Select(m => m.Id).ToHashSet(StringComparer.Ordinal),
            [.. siteTerms.Segments.Select(s => s.Segment)],
            singleConsumer);
        var allocation = new BillingAllocation(setup);
        var facts = await InvoiceMeterFacts.LoadAsync(db, [.. consumers.Select(m => m.Id)], span.ToUtc, zone, ct);
        var read = 0;
        progress?.Report(new(BillingStage.Reading, 0, consumers.Count));
        if (singleConsumer is null)
        {
            await history.ForEachMeterQuarterHourAsync(site.Id, consumers.Select(m => m.Id), span.FromUtc, span.ToUtc, (meter, start, consumed, solar, estimated) =>
            {
                allocation.AddMeter(meter, start, consumed, solar, estimated);
                facts.AddQuarterHour(meter, start, consumed, solar);
                if (++read % 100_000 == 0)
                {
                    progress?.Report(new(BillingStage.Reading, 0, consumers.Count));
                }
            }, ct);
        }

        foreach (var row in await history.SiteSeriesAsync(site.Id, EnergyResolution.QuarterHour, span.FromUtc, span.ToUtc, ct))
        {
            allocation.AddSite(row);
        }

        progress?.Report(new(BillingStage.Allocating, 0, 1));
        var result = allocation.Result(run.EstimateMissing);
        run.Record(result.Reconciliation);
        run.ComputedUtc = clock.GetUtcNow().UtcDateTime;
        if (siteTerms.Segments.Count == 0)
        {
            // Nothing can be priced: the review shows the tariff problem, the owner adds a tariff and recomputes.
            return;
        }

        var residents = occupancies.Select(o => o.ResidentId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => residents.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var addresses = await issuing.AddressesAsync(db, residents, ct);
        var advances = await db.AdvancePayments.AsNoTracking().Where(a => a.SiteId == site.Id && a.DeductedById == null && a.PaidOn < period.End).ToListAsync(ct);
        var priced = siteTerms.Segments.Select(s => new PricedSegment(s.Segment.Span, s.Prices)).ToList();
        var accounts = result.Accounts.Where(a => run.BillingPointId is not { } only || a.Account.BillingPointId == only).ToList();
        for (var i = 0; i < accounts.Count; i++)
        {
            progress?.Report(new(BillingStage.Drafting, i, accounts.Count));
            var energy = accounts[i];
            var point = points.Single(p => p.Id == energy.Account.BillingPointId);
            var paid = energy.Account.ResidentId is { } residentId
                ? advances.Where(a => a.BillingPointId == point.Id && a.ResidentId == residentId).Sum(a => a.Amount)
                : 0m;
            var staysOn = energy.Spans.Max(s => s.ToUtc) >= span.ToUtc && !energy.Account.IsVacancy;
            var figures = InvoiceCalculator.Of(energy, priced, siteTerms.Issuer?.VatRegistered == true, paid, zone, staysOn ? period.Next().Days : null);
            if (energy.Account.IsVacancy && figures.Total == 0)
            {
                continue;
            }

            var person = energy.Account.ResidentId is { } id ? people.GetValueOrDefault(id) : null;
            var draft = Draft(run, point, energy, figures, person, person is null ? null : addresses.GetValueOrDefault(person.Id), siteTerms, zone);
            CaptureMeterFacts(draft, energy, consumers.Where(m => m.BillingPointId == point.Id), facts);
            run.Invoices.Add(draft);
            // Added explicitly: found only through a recomputed (tracked, unchanged) run, a draft with its id already set
            // would be taken for an existing row and its lines inserted without it.
            db.Invoices.Add(draft);
        }

        progress?.Report(new(BillingStage.Drafting, accounts.Count, accounts.Count));
    }

    private Invoice Draft(BillingRun run, BillingPoint point, AccountEnergy energy, InvoiceFigures figures, PortalUser? person, StructuredAddress? address, BillingTerms siteTerms, TimeZoneInfo zone)
    {
        var own = energy.Own;
        var invoice = new Invoice
        {
            SiteId = run.SiteId,
            BillingRunId = run.Id,
            BillingPointId = point.Id,
            ResidentId = energy.Account.ResidentId,
            Kind = energy.Account.IsVacancy ? InvoiceKind.VacancyStatement : InvoiceKind.Invoice,
            Status = InvoiceStatus.Draft,
            PeriodStart = EnergyBuckets.LocalDay(energy.Spans.Min(s => s.FromUtc), zone),
            PeriodEnd = EnergyBuckets.LocalDay(energy.Spans.Max(s => s.ToUtc), zone),
            BillingPointName = point.Name,
            RecipientName = person?.DisplayName ?? siteTerms.Issuer?.Name ?? "",
            RecipientEmail = person?.Email,
            Culture = person?.Culture,
            RecipientStreet = address?.Street,
            RecipientBuildingNumber = address?.BuildingNumber,
            RecipientPostalCode = address?.PostalCode,
            RecipientTown = address?.Town,
            RecipientCountry = address?.Country,
            NetTotal = figures.NetTotal,
            VatTotal = figures.VatTotal,
            Total = figures.Total,
            AdvancesPaid = figures.AdvancesPaid,
            AmountDue = figures.AmountDue,
            NextAdvance = figures.NextAdvance,
            SolarWh = own.SolarWh,
            GridHighWh = own.GridHighWh,
            GridLowWh = own.GridLowWh,
            CommonWh = energy.Common.TotalWh,
            MissingQuarterHours = energy.MissingQuarterHours,
            EstimatedQuarterHours = energy.EstimatedQuarterHours,
            EstimatedWh = run.EstimateMissing ? energy.Estimate.TotalWh : 0,
            MissingNotEstimable = energy.CannotEstimate,
            MissingSpans = MissingData.Lines(energy.Missing.Take(Invoice.MissingSpansShown)),
        };
        var multipleSegments = figures.Lines.Select(l => l.From).Distinct().Count() > 1;
        invoice.Lines = [.. figures.Lines.Select((line, index) => new InvoiceLine
        {
            InvoiceId = invoice.Id,
            Position = index + 1,
            Kind = line.Kind,
            Label = Label(line, siteTerms, multipleSegments),
            From = line.From,
            To = line.To,
            Quantity = line.Quantity,
            Unit = line.Unit,
            UnitPrice = line.UnitPrice,
            Amount = line.Amount,
            VatRatePercent = line.VatRatePercent,
        })];
        return invoice;
    }

    // INV-04 and the chart: registers at the start and end of the account's stay and its days, frozen with the draft.
    private static void CaptureMeterFacts(Invoice invoice, AccountEnergy energy, IEnumerable<Meter> meters, InvoiceMeterFacts facts) =>
        facts.CaptureInto(invoice, meters, energy.Spans.Min(s => s.FromUtc), energy.Spans.Max(s => s.ToUtc));

    private string Label(InvoiceLineDraft line, BillingTerms siteTerms, bool withDays)
    {
        var label = siteTerms.Labels.TryGetValue(line.Kind, out var own) && !string.IsNullOrWhiteSpace(own) ? own : text[$"Billing.Line.{line.Kind}"].Value;
        return withDays
            ? text["Billing.Line.Days", label, line.From.ToString("d", CultureInfo.CurrentCulture), line.To.AddDays(-1).ToString("d", CultureInfo.CurrentCulture)].Value
            : label;
    }

    // What keeps one draft from being issued, ready to show.
    private List<string> InvoiceProblems(Invoice invoice, BillingRun run)
    {
        var problems = new List<string>();
        if (invoice.Kind == InvoiceKind.VacancyStatement)
        {
            return problems;
        }

        if (invoice.RecipientStreet is null || invoice.RecipientPostalCode is null || invoice.RecipientTown is null || invoice.RecipientCountry is null)
        {
            problems.Add(text["Billing.Problem.NoAddress", invoice.RecipientName, invoice.BillingPointName]);
        }

        if (invoice.RecipientName.Length > Invoice.RecipientNameMaxLength)
        {
            problems.Add(text["Billing.Problem.NameTooLong", invoice.RecipientName, Invoice.RecipientNameMaxLength]);
        }

        if (invoice.MissingQuarterHours > 0 && !run.EstimateMissing)
        {
            problems.Add(text["Billing.Problem.MissingData", invoice.BillingPointName, invoice.MissingQuarterHours]);
        }
        else if (invoice.MissingNotEstimable && run.EstimateMissing)
        {
            problems.Add(text["Billing.Problem.NothingToEstimate", invoice.BillingPointName]);
        }

        return problems;
    }

    private List<string> RunProblems(BillingRun run, List<Invoice> invoices)
    {
        var problems = new List<string>();
        if (run.ComputedUtc is not null && invoices.Count == 0)
        {
            problems.Add(text["Billing.Problem.NothingToBill"]);
        }

        return problems;
    }

    private async Task<(BillingRun? Run, Site? Site, string[] Refused)> RunAsync(PortalDbContext db, ClaimsPrincipal user, Guid runId, CancellationToken ct)
    {
        var run = await db.BillingRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        var site = run is null ? null : await access.ManagedAsync(db, user, run.SiteId, ct);
        if (run is null || site is null)
        {
            return (null, null, [text["Billing.Run.Unknown"]]);
        }

        return site.IsArchived && run.Status != BillingRunStatus.Issued ? (null, null, [text[Site.ArchivedReadOnlyText]]) : (run, site, []);
    }

    private static ResidentStay Stay(Occupancy occupancy, TimeZoneInfo zone)
    {
        var period = OccupancyPeriod.Of(occupancy);
        return new ResidentStay(occupancy.ResidentId, new UtcSpan(period.StartUtc(zone).UtcDateTime, period.EndUtc(zone)?.UtcDateTime ?? DateTime.MaxValue));
    }
}

/// <summary>
/// A run as the owner reviews it: drafts (or issued invoices), the problems of each draft, and the problems of the
/// run (terms, nothing to bill). <see cref="Blocking"/> is everything that keeps it from being approved or issued.
/// </summary>
public sealed record BillingRunReview(
    BillingRun Run,
    string SiteName,
    TimeZoneInfo Zone,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyDictionary<Guid, List<string>> InvoiceProblems,
    IReadOnlyList<string> RunProblems)
{
    public IReadOnlyList<string> Blocking => [.. RunProblems, .. InvoiceProblems.Values.SelectMany(p => p)];
}

/// <summary>A run as the site's list shows it: how many invoices it holds (or issued) and their total.</summary>
public sealed record BillingRunSummary(BillingRun Run, int Invoices, decimal Total);

/// <summary>A site's billing runs for its owner, with the site's zone and local day (what a new run's period is checked against).</summary>
public sealed record SiteBillingRuns(string SiteName, bool Archived, TimeZoneInfo Zone, DateOnly Today, IReadOnlyList<BillingRunSummary> Runs);
