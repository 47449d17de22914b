using Microsoft.Extensions.Localization;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>
/// Checks pasted meter rows against the site before anything is stored: every bad cell gets its
/// own message saying what to change. Runs in linear time (dictionaries per bus and serial), so
/// a few hundred rows check in well under a millisecond and the preview can re-check on every edit.
/// </summary>
public sealed class MeterSheetValidator(IStringLocalizer<CommissioningResource> localizer)
{
    /// <summary>Modbus RTU: 0 is broadcast, 248-255 are reserved.</summary>
    public const int MaxUnitId = 247;

    /// <summary>An RS-485 segment carries 32 unit loads; the gateway or converter is one of them.</summary>
    public const int MaxMetersPerSegment = 31;

    /// <summary>The SDM630MCT sets the CT primary from 1 to 9999 A (secondary 5 A).</summary>
    public const int MaxCtPrimary = 9999;

    public const string DirectModel = "SDM630";
    public const string CtModel = "SDM630MCT";

    public MeterSheetCheck Check(IReadOnlyList<MeterRow> rows, SiteLayout site)
    {
        var problems = new List<CellError>();
        var parsed = rows.Select(row => ParseRow(row, site, problems)).ToList();
        CheckUnitIds(parsed, site, problems);
        CheckSerials(parsed, site, problems);
        CheckSegments(parsed, site, problems);

        var rejected = problems.Where(p => !p.IsWarning).Select(p => p.Line).ToHashSet();
        var valid = parsed
            .Where(p => !rejected.Contains(p.Row.Line))
            .Select(p => new ValidMeter(p.Row.Line, p.Row.Name.Trim(), p.Model!, p.CtRatio, p.Row.Serial.Trim(), p.Bus!.Id, p.UnitId!.Value, p.Role!.Value,
                string.IsNullOrWhiteSpace(p.Row.BillingPoint) ? null : p.Row.BillingPoint.Trim()))
            .ToList();
        return new MeterSheetCheck(valid, problems.OrderBy(p => p.Line).ThenBy(p => ColumnOrder(p.Column)).ToList());
    }

    /// <summary>"SDM630", "sdm630", "Eastron SDM630 Modbus" give SDM630; "SDM630MCT", "SDM630-MCT" give SDM630MCT.</summary>
    public static string? CanonicalModel(string text)
    {
        var folded = InstallerWords.Fold(text).ToUpperInvariant();
        if (folded.StartsWith("EASTRON", StringComparison.Ordinal))
        {
            folded = folded["EASTRON".Length..];
        }

        if (folded.EndsWith("MODBUS", StringComparison.Ordinal))
        {
            folded = folded[..^"MODBUS".Length];
        }

        return folded switch
        {
            DirectModel => DirectModel,
            CtModel => CtModel,
            _ => null,
        };
    }

    /// <summary>
    /// The CT primary current in A, as the meter is set up and as <see cref="Meter.CtRatio"/> stores it:
    /// "200", "200/5", "200/5A", "200:5", "200 A" all give 200. The SDM630MCT takes x/5 A
    /// transformers only, so any other secondary is refused rather than silently dropped.
    /// </summary>
    public static int? CtPrimary(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.EndsWith('A'))
        {
            compact = compact[..^1];
        }

        var parts = compact.Split('/', ':');
        if (parts.Length > 2 || (parts.Length == 2 && parts[1] is not ("5" or "5A")))
        {
            return null;
        }

        var primary = parts[0].TrimEnd('A');
        return InstallerWords.TryWholeNumber(primary, out var amps) && amps is >= 1 and <= MaxCtPrimary ? amps : null;
    }

    /// <summary>A CT primary as the sheet writes it and <see cref="CtPrimary"/> reads it back: 100 gives "100/5".</summary>
    public static string CtRatioText(int primary) => primary.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/5";

    private ParsedRow ParseRow(MeterRow row, SiteLayout site, List<CellError> problems)
    {
        void Error(string column, string key, params object[] arguments) =>
            problems.Add(new CellError(row.Line, column, localizer.Text(key, arguments)));

        void Length(string column, string value, int maxLength)
        {
            if (value.Trim().Length > maxLength)
            {
                Error(column, "Cell.TooLong", maxLength, value.Trim().Length);
            }
        }

        if (string.IsNullOrWhiteSpace(row.Name))
        {
            Error(MeterColumn.Name, "Name.Required");
        }

        Length(MeterColumn.Name, row.Name, FieldLimits.NameLength);
        Length(MeterColumn.Serial, row.Serial, FieldLimits.SerialLength);
        Length(MeterColumn.BillingPoint, row.BillingPoint, FieldLimits.NameLength);

        var model = CanonicalModel(row.Model);
        if (string.IsNullOrWhiteSpace(row.Model))
        {
            Error(MeterColumn.Model, "Model.Required");
        }
        else if (model is null)
        {
            Error(MeterColumn.Model, "Model.Unknown", row.Model.Trim());
        }

        var ctRatio = CheckCtRatio(row, model, Error);

        var bus = FindBus(row.Bus, site);
        var busList = string.Join(", ", site.Buses.Select(b => b.Name));
        if (site.Buses.Count == 0)
        {
            Error(MeterColumn.Bus, "Bus.NoneOnSite");
        }
        else if (string.IsNullOrWhiteSpace(row.Bus))
        {
            Error(MeterColumn.Bus, "Bus.Required", busList);
        }
        else if (bus is null)
        {
            Error(MeterColumn.Bus, "Bus.Unknown", row.Bus.Trim(), busList);
        }

        int? unitId = null;
        if (string.IsNullOrWhiteSpace(row.UnitId))
        {
            Error(MeterColumn.UnitId, "UnitId.Required");
        }
        else if (!InstallerWords.TryWholeNumber(row.UnitId, out var id) || id is < 1 or > MaxUnitId)
        {
            Error(MeterColumn.UnitId, "UnitId.Invalid", row.UnitId.Trim());
        }
        else
        {
            unitId = id;
        }

        var role = InstallerWords.Role(row.Role);
        if (string.IsNullOrWhiteSpace(row.Role))
        {
            Error(MeterColumn.Role, "Role.Required", RoleList());
        }
        else if (role is null)
        {
            Error(MeterColumn.Role, "Role.Unknown", row.Role.Trim(), RoleList());
        }
        else if (role is MeterRole.Consumer or MeterRole.CommonArea && string.IsNullOrWhiteSpace(row.BillingPoint))
        {
            // Not an error: the billing point can be linked later, but until then nobody is invoiced.
            problems.Add(new CellError(row.Line, MeterColumn.BillingPoint, localizer.Text("BillingPoint.Missing", localizer.Text("Role." + role)), IsWarning: true));
        }

        return new ParsedRow(row, model, ctRatio, bus, unitId, role);
    }

    private static int? CheckCtRatio(MeterRow row, string? model, Action<string, string, object[]> error)
    {
        var given = !string.IsNullOrWhiteSpace(row.CtRatio);
        var ratio = given ? CtPrimary(row.CtRatio) : null;
        if (given && ratio is null)
        {
            error(MeterColumn.CtRatio, "CtRatio.Invalid", [row.CtRatio.Trim()]);
        }
        else if (model == CtModel && !given)
        {
            error(MeterColumn.CtRatio, "CtRatio.Required", []);
        }
        else if (model == DirectModel && given)
        {
            error(MeterColumn.CtRatio, "CtRatio.NotForDirect", []);
        }

        return model == CtModel ? ratio : null;
    }

    private void CheckUnitIds(List<ParsedRow> parsed, SiteLayout site, List<CellError> problems)
    {
        var busNames = site.Buses.ToDictionary(b => b.Id, b => b.Name, StringComparer.OrdinalIgnoreCase);
        var existing = site.Meters.ToLookup(m => (Bus: m.BusId.ToUpperInvariant(), m.UnitId));
        var byAddress = parsed
            .Where(p => p.Bus is not null && p.UnitId is not null)
            .GroupBy(p => (Bus: p.Bus!.Id.ToUpperInvariant(), UnitId: p.UnitId!.Value));
        foreach (var group in byAddress)
        {
            var onSite = existing[group.Key].ToList();
            if (onSite.Count == 0 && group.Count() == 1)
            {
                continue;
            }

            foreach (var row in group)
            {
                var others = OthersThan(row, group, onSite);
                problems.Add(new CellError(row.Row.Line, MeterColumn.UnitId,
                    localizer.Text("UnitId.Duplicate", group.Key.UnitId, busNames.GetValueOrDefault(row.Bus!.Id, row.Bus.Name), string.Join(", ", others), MaxUnitId)));
            }
        }
    }

    /// <summary>"line 7", "lines 7, 9", "meter Apartment 1.1": what else holds the same unit id or serial.</summary>
    private List<string> OthersThan(ParsedRow row, IEnumerable<ParsedRow> group, IEnumerable<ExistingMeter> onSite)
    {
        var others = new List<string>();
        var otherLines = group.Where(o => o != row).Select(o => o.Row.Line).ToList();
        if (otherLines.Count > 0)
        {
            others.Add(localizer.Text(otherLines.Count == 1 ? "Ref.Line" : "Ref.Lines", string.Join(", ", otherLines)));
        }

        others.AddRange(onSite.Select(m => localizer.Text("Ref.Meter", m.Name)));
        return others;
    }

    private void CheckSerials(List<ParsedRow> parsed, SiteLayout site, List<CellError> problems)
    {
        var existing = site.Meters.Where(m => !string.IsNullOrWhiteSpace(m.Serial)).ToLookup(m => m.Serial!.Trim(), StringComparer.OrdinalIgnoreCase);
        foreach (var group in parsed.Where(p => !string.IsNullOrWhiteSpace(p.Row.Serial)).GroupBy(p => p.Row.Serial.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            var onSite = existing[group.Key].ToList();
            if (onSite.Count == 0 && group.Count() == 1)
            {
                continue;
            }

            foreach (var row in group)
            {
                var others = OthersThan(row, group, onSite);
                problems.Add(new CellError(row.Row.Line, MeterColumn.Serial, localizer.Text("Serial.Duplicate", group.Key, string.Join(", ", others))));
            }
        }
    }

    /// <summary>Warns on each new row that takes a bus past 31 meters, counting the meters already on it.</summary>
    private void CheckSegments(List<ParsedRow> parsed, SiteLayout site, List<CellError> problems)
    {
        var existing = site.Meters.GroupBy(m => m.BusId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var group in parsed.Where(p => p.Bus is not null).GroupBy(p => p.Bus!))
        {
            var total = existing.GetValueOrDefault(group.Key.Id) + group.Count();
            if (total <= MaxMetersPerSegment)
            {
                continue;
            }

            var message = localizer.Text("Bus.SegmentFull", group.Key.Name, total, MaxMetersPerSegment);
            var room = Math.Max(0, MaxMetersPerSegment - existing.GetValueOrDefault(group.Key.Id));
            foreach (var row in group.Skip(room))
            {
                problems.Add(new CellError(row.Row.Line, MeterColumn.Bus, message, IsWarning: true));
            }
        }
    }

    private static BusSpec? FindBus(string text, SiteLayout site)
    {
        var wanted = text.Trim();
        return wanted.Length == 0
            ? null
            : site.Buses.FirstOrDefault(b => string.Equals(b.Id, wanted, StringComparison.OrdinalIgnoreCase))
                ?? site.Buses.FirstOrDefault(b => string.Equals(b.Name.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
    }

    private string RoleList() => string.Join(", ", Enum.GetValues<MeterRole>().Select(r => localizer.Text("Role." + r)));

    private static int ColumnOrder(string column)
    {
        var index = MeterColumn.InOrder.ToList().IndexOf(column);
        return index < 0 ? -1 : index;
    }

    private sealed record ParsedRow(MeterRow Row, string? Model, int? CtRatio, BusSpec? Bus, int? UnitId, MeterRole? Role);
}
