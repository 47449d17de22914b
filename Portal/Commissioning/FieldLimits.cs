using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Commissioning;

/// <summary>A text field's longest length; <paramref name="LabelKey"/> names the field in SharedResource.</summary>
public sealed record TextLimit(string LabelKey, int MaxLength)
{
    /// <summary>Null when <paramref name="value"/> fits (after trimming, as it is stored), else the message.</summary>
    public string? Check(string? value, IStringLocalizer text)
    {
        var length = value?.Trim().Length ?? 0;
        return length <= MaxLength ? null : text["Limit.TooLong", text[LabelKey], MaxLength, length].Value;
    }

    /// <summary>The check as a MudBlazor field validation.</summary>
    public Func<string?, string?> Validation(IStringLocalizer text) => value => Check(value, text);
}

/// <summary>A whole number typed as text ("63"), from <paramref name="Min"/> to <paramref name="Max"/>: "63.7", "0" and "99999" are refused, never rounded or clamped.</summary>
public sealed record WholeNumberLimit(string LabelKey, int Min, int Max)
{
    public string? Check(string? value, IStringLocalizer text) => TryParse(value, out _) ? null : Message(text);

    public string? Check(int? value, IStringLocalizer text) => value is { } number && number >= Min && number <= Max ? null : Message(text);

    /// <summary>The number when <paramref name="value"/> is a whole number within the limits.</summary>
    public bool TryParse(string? value, out int number) =>
        InstallerWords.TryWholeNumber(value ?? "", out number) && number >= Min && number <= Max;

    /// <summary>The number of a value already checked; a value outside the limits is a programming error here.</summary>
    public int Parse(string? value) => TryParse(value, out var number) ? number : throw new FormatException($"'{value}' is not a whole number from {Min} to {Max}.");

    public Func<string?, string?> Validation(IStringLocalizer text) => value => Check(value, text);

    /// <summary>For an optional number field (a bus port left empty means the default): empty is allowed, a value must fit.</summary>
    public Func<int?, string?> NumberValidation(IStringLocalizer text) => value => value is null ? null : Check(value, text);

    private string Message(IStringLocalizer text) => text["Limit.WholeNumber", text[LabelKey], Min, Max].Value;
}

/// <summary>A decimal quantity from <paramref name="Min"/> to <paramref name="Max"/> with at most <paramref name="Decimals"/> decimals.</summary>
public sealed record DecimalLimit(string LabelKey, decimal Min, decimal Max, int Decimals)
{
    public bool Allows(decimal value) => value >= Min && value <= Max && decimal.Round(value, Decimals) == value;

    public string? Check(decimal? value, IStringLocalizer text) =>
        value is { } number && Allows(number)
            ? null
            : text["Limit.Decimal", text[LabelKey], Min.ToString(CultureInfo.CurrentCulture), Max.ToString("N0", CultureInfo.CurrentCulture), Decimals].Value;

    public Func<decimal, string?> Validation(IStringLocalizer text) => value => Check(value, text);

    /// <summary>For an optional field: empty is allowed, a value must fit.</summary>
    public Func<decimal?, string?> OptionalValidation(IStringLocalizer text) => value => value is null ? null : Check(value, text);
}

/// <summary>
/// The limits of every field of the commissioning wizard, in one place: the forms show them as
/// validation messages, <see cref="SiteCommissioning"/> refuses what breaks them with the same
/// messages, and the EF configurations size the columns from the same constants.
/// </summary>
public static class FieldLimits
{
    /// <summary>Names of sites, connections, buses, buildings, meters, billing points, PV installations, inverters.</summary>
    public const int NameLength = 200;

    public const int AddressLength = 500;

    /// <summary>Serial numbers of routers, gateways and meters, and the DSO's meter number.</summary>
    public const int SerialLength = 100;

    /// <summary>A DNS name is at most 253 characters; 255 leaves room for brackets around an IPv6 address.</summary>
    public const int HostLength = 255;

    public const int DeviceLength = 255;

    /// <summary>A data-quality review's note: a few sentences on why a span is as it is.</summary>
    public const int ReviewNoteLength = 1000;

    /// <summary>Postal address parts, as long as the Swiss QR-bill allows them (QR-06, IG 2.3 structured address).</summary>
    public const int PostalNameLength = 70;

    public const int StreetLength = 70;

    public const int BuildingNumberLength = 16;

    public const int PostalCodeLength = 16;

    public const int TownLength = 35;

    public static TextLimit PostalName { get; } = new("Address.Name", PostalNameLength);

    public static TextLimit Street { get; } = new("Address.Street", StreetLength);

    public static TextLimit BuildingNumber { get; } = new("Address.BuildingNumber", BuildingNumberLength);

    public static TextLimit PostalCode { get; } = new("Address.PostalCode", PostalCodeLength);

    public static TextLimit Town { get; } = new("Address.Town", TownLength);

    public static TextLimit SiteName { get; } = new("Wizard.SiteName", NameLength);

    public static TextLimit Address { get; } = new("Sites.Address", AddressLength);

    public static TextLimit ConnectionName { get; } = new("Wizard.ConnectionName", NameLength);

    /// <summary>The main fuse per phase: 6 A is the smallest fuse made, 4000 A a large transformer station.</summary>
    public static WholeNumberLimit MainFuse { get; } = new("Wizard.MainFuse", 6, 4000);

    public static TextLimit DsoMeterNumber { get; } = new("Wizard.DsoMeter", SerialLength);

    public static TextLimit Serial { get; } = new("Wizard.Serial", SerialLength);

    public static TextLimit BusName { get; } = new("Wizard.BusName", NameLength);

    public static TextLimit Building { get; } = new("Wizard.Building", NameLength);

    public static TextLimit Host { get; } = new("Wizard.Host", HostLength);

    public static WholeNumberLimit Port { get; } = new("Wizard.Port", 1, 65535);

    public static TextLimit Device { get; } = new("Wizard.Device", DeviceLength);

    public static TextLimit PvName { get; } = new("Wizard.PvName", NameLength);

    public static TextLimit Inverter { get; } = new("Wizard.Inverter", NameLength);

    public static DecimalLimit PeakKw { get; } = new("Wizard.PeakKw", 0.01m, 100_000m, 2);

    public static DecimalLimit CapacityKwh { get; } = new("Wizard.CapacityKwh", 0.1m, 100_000m, 1);

    public static DecimalLimit PowerKw { get; } = new("Wizard.PowerKw", 0.1m, 100_000m, 1);

    public static TextLimit ReviewNote { get; } = new("Quality.Note", ReviewNoteLength);

    public static IReadOnlyList<string> RouterKinds { get; } = ["4G", "LAN"];

    public static IReadOnlyList<int> Bauds { get; } = [2400, 4800, 9600, 19200, 38400];

    public static IReadOnlyList<string> Parities { get; } = ["None", "Even", "Odd"];

    public static IReadOnlyList<int> StopBits { get; } = [1, 2];

    /// <summary>Null when <paramref name="value"/> is one of <paramref name="choices"/>, else the message listing them.</summary>
    public static string? Choice<T>(string labelKey, T value, IReadOnlyList<T> choices, IStringLocalizer text) =>
        choices.Contains(value) ? null : text["Limit.Choice", text[labelKey], string.Join(", ", choices)].Value;

    /// <summary>Every limit a bus breaks (the bus step's other rules are in <see cref="BusChecks"/>).</summary>
    public static IEnumerable<string> Check(BusForm bus, IStringLocalizer text)
    {
        string?[] problems =
        [
            BusName.Check(bus.Name, text),
            Building.Check(bus.Building, text),
            bus.Kind == Sites.BusKind.Tcp ? Host.Check(bus.Host, text) : null,
            bus.Kind == Sites.BusKind.Tcp && bus.Port is not null ? Port.Check(bus.Port, text) : null,
            bus.Kind == Sites.BusKind.Rtu ? Device.Check(bus.Device, text) : null,
            bus.Kind == Sites.BusKind.Rtu ? Choice("Wizard.Baud", bus.Baud, Bauds, text) : null,
            bus.Kind == Sites.BusKind.Rtu ? Choice("Wizard.Parity", bus.Parity, Parities, text) : null,
            bus.Kind == Sites.BusKind.Rtu ? Choice("Wizard.StopBits", bus.StopBits, StopBits, text) : null,
            Enum.IsDefined(bus.Kind) ? null : Choice("Wizard.BusKind", bus.Kind, Enum.GetValues<Sites.BusKind>(), text),
        ];
        return problems.OfType<string>();
    }
}
