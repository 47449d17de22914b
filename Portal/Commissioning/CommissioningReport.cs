using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Localization;
using Portal.Documents;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>
/// The site as the report names it; <paramref name="TimeZone"/> is the IANA zone used to show instants.
/// <paramref name="CommissionedAt"/> is when the site was commissioned, null while it is not.
/// </summary>
public sealed record ReportSite(string Name, string Address, SiteType Type, string TimeZone, DateTimeOffset? CommissionedAt = null);

/// <summary>The gateway and the configuration it runs: the report proves which version the edge acknowledged.</summary>
public sealed record ReportGateway(string Id, string Serial, long ConfigVersion, long? AckedConfigVersion = null, string? ConfigOutcome = null, DateTimeOffset? AckedAt = null);

/// <summary>One reading of a meter's registers and instantaneous values.</summary>
public sealed record ReportReading(DateTimeOffset MeasuredAt, decimal ImportKwh, decimal ExportKwh, decimal PowerW, decimal? VoltageL1, decimal? VoltageL2, decimal? VoltageL3);

/// <summary>A meter with its first reading after commissioning and the latest one when the report was made.</summary>
public sealed record ReportMeter(
    string Id,
    string Name,
    MeterRole Role,
    string Model,
    int? CtRatio,
    string Serial,
    string BusId,
    int UnitId,
    ReportReading? FirstReading,
    ReportReading? LatestReading,
    string BillingPoint = "");

/// <summary>Everything the commissioning report shows; <paramref name="MadeAt"/> is an instant (stored in UTC, shown in the site's zone).</summary>
public sealed record ReportInput(
    ReportSite Site,
    ReportGateway Gateway,
    IReadOnlyList<BusSpec> Buses,
    IReadOnlyList<ReportMeter> Meters,
    IReadOnlyList<MeterInspection> Inspections,
    string InstallerName,
    DateTimeOffset MadeAt);

/// <summary>
/// The commissioning report an installer downloads before leaving the site: as a printed
/// document (laid out by <see cref="IPdfRenderer"/>), in the current UI culture, and as a CSV
/// meter list for the owner's and the DSO's records.
/// </summary>
/// <remarks>Site types are named through <see cref="SharedResource"/>, as every page names them.</remarks>
public sealed class CommissioningReport(IStringLocalizer<CommissioningResource> localizer, IStringLocalizer<SharedResource> shared)
{
    /// <summary>
    /// The CSV columns. English identifiers in every language and numbers in the invariant
    /// culture: the file is read by spreadsheets and scripts, not only by people.
    /// </summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "MeterId", "Name", "Role", "Model", "CtRatio", "Serial", "Bus", "BusId", "UnitId", "BillingPoint", "Status",
        "FirstMeasuredUtc", "FirstImportKwh", "FirstExportKwh", "FirstPowerW", "FirstVoltageL1", "FirstVoltageL2", "FirstVoltageL3",
        "LatestMeasuredUtc", "LatestImportKwh", "LatestExportKwh", "LatestPowerW", "LatestVoltageL1", "LatestVoltageL2", "LatestVoltageL3",
    ];

    public PrintedDocument Build(ReportInput input)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(input.Site.TimeZone);
        string Local(DateTimeOffset instant) => PortalCultures.LocalDateTime(instant, zone);
        var busNames = BusNames(input.Buses);
        var inspections = Inspections(input);

        List<DocumentBlock> blocks =
        [
            new Heading(localizer.Text("Report.Site")),
            new Paragraph(input.Site.Name),
            new Paragraph(localizer.Text("Report.Address", input.Site.Address)),
            new Paragraph(localizer.Text("Report.SiteType", shared["SiteType." + input.Site.Type].Value)),
            new Paragraph(localizer.Text("Report.Installer", input.InstallerName)),
            new Paragraph(localizer.Text("Report.GeneratedAt", Local(input.MadeAt), input.Site.TimeZone)),
            new Heading(localizer.Text("Report.Gateway")),
            new Paragraph(localizer.Text("Report.GatewayId", input.Gateway.Id, input.Gateway.Serial)),
            new Paragraph(input.Gateway is { AckedConfigVersion: { } acked, AckedAt: { } at }
                ? localizer.Text("Report.ConfigAcknowledged", acked, Local(at), Outcome(input.Gateway.ConfigOutcome))
                : localizer.Text("Report.ConfigNotAcknowledged", input.Gateway.ConfigVersion)),
            new Heading(localizer.Text("Report.Buses")),
            BusTable(input),
            new Heading(localizer.Text("Report.Meters")),
            MeterTable(input, busNames, inspections),
            new Heading(localizer.Text("Report.Readings")),
            ReadingTable(input, Local),
            new Heading(localizer.Text("Report.Inspection")),
        ];
        blocks.AddRange(InspectionBlocks(input, inspections));

        return new PrintedDocument(
            localizer.Text("Report.Title", input.Site.Name),
            blocks,
            Footer: input.Site.CommissionedAt is { } commissioned
                ? localizer.Text("Report.Footer.Commissioned", Local(commissioned), input.InstallerName, Local(input.MadeAt))
                : localizer.Text("Report.Footer.NotCommissioned", input.InstallerName, Local(input.MadeAt)),
            PageNumber: localizer.Text("Report.PageNumber"));
    }

    public string Csv(ReportInput input)
    {
        var busNames = BusNames(input.Buses);
        var inspections = Inspections(input);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            foreach (var column in CsvColumns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var meter in input.Meters)
            {
                csv.WriteField(meter.Id);
                csv.WriteField(meter.Name);
                csv.WriteField(meter.Role.ToString());
                csv.WriteField(meter.Model);
                csv.WriteField(meter.CtRatio is { } primary ? MeterSheetValidator.CtRatioText(primary) : "");
                csv.WriteField(meter.Serial);
                csv.WriteField(busNames.GetValueOrDefault(meter.BusId, meter.BusId));
                csv.WriteField(meter.BusId);
                csv.WriteField(meter.UnitId.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(meter.BillingPoint);
                csv.WriteField(inspections.TryGetValue(meter.Id, out var inspection) ? inspection.Status.ToString() : "");
                WriteReading(csv, meter.FirstReading);
                WriteReading(csv, meter.LatestReading);
                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    private static void WriteReading(CsvWriter csv, ReportReading? reading)
    {
        string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
        csv.WriteField(reading?.MeasuredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(Number(reading?.ImportKwh));
        csv.WriteField(Number(reading?.ExportKwh));
        csv.WriteField(Number(reading?.PowerW));
        csv.WriteField(Number(reading?.VoltageL1));
        csv.WriteField(Number(reading?.VoltageL2));
        csv.WriteField(Number(reading?.VoltageL3));
    }

    private Table BusTable(ReportInput input)
    {
        var counts = input.Meters.GroupBy(m => m.BusId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var rows = input.Buses.Select(b => (IReadOnlyList<string>)
        [
            b.Name,
            localizer.Text(b.Kind == BusKind.Tcp ? "Report.BusTcp" : "Report.BusRtu"),
            b.Kind == BusKind.Tcp ? $"{b.Host}:{b.Port ?? SiteRules.DefaultModbusPort}" : "",
            counts.GetValueOrDefault(b.Id).ToString(CultureInfo.CurrentCulture),
        ]).ToList();
        return new Table(
            [Column("Bus"), Column("Kind"), Column("Address"), Column("Meters", CellAlignment.Right)],
            rows);
    }

    private Table MeterTable(ReportInput input, Dictionary<string, string> busNames, Dictionary<string, MeterInspection> inspections)
    {
        var rows = input.Meters.Select(m => (IReadOnlyList<string>)
        [
            m.Name,
            localizer.Text("Role." + m.Role),
            m.Model,
            m.CtRatio is { } ratio ? MeterSheetValidator.CtRatioText(ratio) : "",
            busNames.GetValueOrDefault(m.BusId, m.BusId),
            m.UnitId.ToString(CultureInfo.CurrentCulture),
            m.Serial,
            inspections.TryGetValue(m.Id, out var inspection) ? localizer.Text("Inspection.Status." + inspection.Status) : "",
        ]).ToList();
        return new Table(
            [Column("Meter"), Column("Role"), Column("Model"), Column("CtRatio", CellAlignment.Right), Column("Bus"), Column("UnitId", CellAlignment.Right), Column("Serial"), Column("Status")],
            rows);
    }

    private Table ReadingTable(ReportInput input, Func<DateTimeOffset, string> local)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var meter in input.Meters)
        {
            rows.Add(ReadingRow(meter.Name, localizer.Text("Report.First"), meter.FirstReading, local));
            if (meter.LatestReading is not null && meter.LatestReading != meter.FirstReading)
            {
                rows.Add(ReadingRow("", localizer.Text("Report.Latest"), meter.LatestReading, local));
            }
        }

        return new Table(
            [Column("Meter"), Column("Reading"), Column("MeasuredAt"), Column("ImportKwh", CellAlignment.Right), Column("ExportKwh", CellAlignment.Right), Column("PowerW", CellAlignment.Right), Column("Voltage", CellAlignment.Right)],
            rows);
    }

    private IReadOnlyList<string> ReadingRow(string meter, string which, ReportReading? reading, Func<DateTimeOffset, string> local)
    {
        if (reading is null)
        {
            return [meter, which, localizer.Text("Report.NoReading"), "", "", "", ""];
        }

        static string Volts(decimal? v) => v is { } value ? value.ToString("0", CultureInfo.CurrentCulture) : "–";
        return
        [
            meter,
            which,
            local(reading.MeasuredAt),
            reading.ImportKwh.ToString("N1", CultureInfo.CurrentCulture),
            reading.ExportKwh.ToString("N1", CultureInfo.CurrentCulture),
            reading.PowerW.ToString("N0", CultureInfo.CurrentCulture),
            $"{Volts(reading.VoltageL1)} / {Volts(reading.VoltageL2)} / {Volts(reading.VoltageL3)}",
        ];
    }

    private IEnumerable<DocumentBlock> InspectionBlocks(ReportInput input, Dictionary<string, MeterInspection> inspections)
    {
        var verdicts = input.Meters.Select(m => inspections.GetValueOrDefault(m.Id) ?? new MeterInspection(m.Id, InspectionStatus.NotAnswering, "Inspection.NotAnswering")).ToList();
        if (MeterInspector.IsCommissionable(verdicts))
        {
            yield return new Paragraph(localizer.Text("Report.AllOk"));
            yield break;
        }

        var names = input.Meters.ToDictionary(m => m.Id, m => m.Name);
        var failing = verdicts.Where(v => v.Status != InspectionStatus.Ok).ToList();
        yield return new Paragraph(localizer.Text("Report.NotOk", failing.Count, verdicts.Count));
        yield return new Table(
            [Column("Meter"), Column("Status"), Column("Hint")],
            failing.Select(v => (IReadOnlyList<string>)[names[v.MeterId], localizer.Text("Inspection.Status." + v.Status), localizer.Text(v.Hint)]).ToList());
    }

    /// <summary>The gateway's answer in the reader's words ("Applied" is the wire value, never shown as such).</summary>
    private string Outcome(string? outcome) =>
        outcome is null ? "" : localizer["Report.Outcome." + outcome] is { ResourceNotFound: false } text ? text.Value : outcome;

    private TableColumn Column(string name, CellAlignment alignment = CellAlignment.Left) => new(localizer.Text("Report.Col." + name), alignment);

    private static Dictionary<string, string> BusNames(IReadOnlyList<BusSpec> buses) =>
        buses.ToDictionary(b => b.Id, b => b.Name, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, MeterInspection> Inspections(ReportInput input) =>
        input.Inspections.GroupBy(i => i.MeterId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
}
