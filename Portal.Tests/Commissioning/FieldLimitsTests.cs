using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

/// <summary>The wizard's field limits as pure rules: lengths, ranges, whole numbers, decimals, choices, in three languages.</summary>
public sealed class FieldLimitsTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer English = SharedIn("en-CH");

    public static TheoryData<string> TextLimits() => [.. Limits<TextLimit>()];

    public static TheoryData<string> Languages() => ["en-CH", "fr-CH", "de-CH"];

    [Theory]
    [MemberData(nameof(TextLimits))]
    public void Every_text_field_takes_its_maximum_length_and_refuses_one_character_more_naming_the_field(string name)
    {
        var limit = Limit<TextLimit>(name);

        Assert.Null(limit.Check(new string('x', limit.MaxLength), English));
        Assert.Null(limit.Check("  " + new string('x', limit.MaxLength) + "  ", English));
        var message = limit.Check(new string('x', limit.MaxLength + 1), English);

        Assert.NotNull(message);
        Assert.StartsWith(English[limit.LabelKey], message, StringComparison.Ordinal);
        Assert.Contains(limit.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains((limit.MaxLength + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_5500_character_site_name_is_refused_in_each_language_with_the_limit_and_the_length_typed(string culture)
    {
        var text = SharedIn(culture);

        var message = FieldLimits.SiteName.Check(new string('A', 5500), text);

        Assert.Equal(text["Limit.TooLong", text["Wizard.SiteName"], 200, 5500].Value, message);
        if (culture != "en-CH")
        {
            Assert.NotEqual(English["Limit.TooLong", English["Wizard.SiteName"], 200, 5500].Value, message);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("4001")]
    [InlineData("99999")]
    [InlineData("63.7")]
    [InlineData("63,7")]
    [InlineData("-63")]
    [InlineData("63 A")]
    [InlineData("")]
    [InlineData("sixty")]
    public void The_main_fuse_refuses_what_is_not_a_whole_number_of_amperes_from_6_to_4000(string typed)
    {
        Assert.False(FieldLimits.MainFuse.TryParse(typed, out _));
        Assert.Equal(English["Limit.WholeNumber", English["Wizard.MainFuse"], 6, 4000].Value, FieldLimits.MainFuse.Check(typed, English));
        Assert.Throws<FormatException>(() => FieldLimits.MainFuse.Parse(typed));
    }

    [Theory]
    [InlineData("6", 6)]
    [InlineData("63", 63)]
    [InlineData(" 125 ", 125)]
    [InlineData("4000", 4000)]
    public void The_main_fuse_takes_whole_numbers_within_its_range_as_typed(string typed, int amperes)
    {
        Assert.Null(FieldLimits.MainFuse.Check(typed, English));
        Assert.Equal(amperes, FieldLimits.MainFuse.Parse(typed));
    }

    [Fact]
    public void A_bus_port_is_from_1_to_65535_and_may_be_left_empty_for_the_default()
    {
        var validation = FieldLimits.Port.NumberValidation(English);

        Assert.Null(validation(null));
        Assert.Null(validation(1));
        Assert.Null(validation(65535));
        Assert.NotNull(validation(0));
        Assert.NotNull(validation(65536));
    }

    [Theory]
    [InlineData(nameof(FieldLimits.PeakKw), "0", false)]
    [InlineData(nameof(FieldLimits.PeakKw), "0.01", true)]
    [InlineData(nameof(FieldLimits.PeakKw), "12.34", true)]
    [InlineData(nameof(FieldLimits.PeakKw), "12.345", false)]
    [InlineData(nameof(FieldLimits.PeakKw), "100000", true)]
    [InlineData(nameof(FieldLimits.PeakKw), "100000.01", false)]
    [InlineData(nameof(FieldLimits.PeakKw), "-1", false)]
    [InlineData(nameof(FieldLimits.CapacityKwh), "0", false)]
    [InlineData(nameof(FieldLimits.CapacityKwh), "13.5", true)]
    [InlineData(nameof(FieldLimits.CapacityKwh), "13.55", false)]
    [InlineData(nameof(FieldLimits.CapacityKwh), "999999", false)]
    [InlineData(nameof(FieldLimits.PowerKw), "0.05", false)]
    [InlineData(nameof(FieldLimits.PowerKw), "5", true)]
    public void Quantities_have_a_range_and_a_number_of_decimals(string name, string value, bool allowed)
    {
        var limit = Limit<DecimalLimit>(name);
        var number = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(allowed, limit.Allows(number));
        Assert.Equal(allowed, limit.Check(number, English) is null);
    }

    [Fact]
    public void An_optional_quantity_may_be_empty_but_not_out_of_range()
    {
        var validation = FieldLimits.PowerKw.OptionalValidation(English);

        Assert.Null(validation(null));
        Assert.NotNull(validation(0m));
    }

    [Fact]
    public void Choices_refuse_what_the_form_does_not_offer_and_list_what_it_does()
    {
        Assert.Null(FieldLimits.Choice("Wizard.RouterKind", "LAN", FieldLimits.RouterKinds, English));
        Assert.Equal(English["Limit.Choice", English["Wizard.RouterKind"], "4G, LAN"].Value, FieldLimits.Choice("Wizard.RouterKind", "5G", FieldLimits.RouterKinds, English));
    }

    [Fact]
    public void A_serial_bus_with_a_baud_rate_parity_or_stop_bits_the_form_does_not_offer_is_refused()
    {
        var bus = new BusForm { Name = "Port", Kind = BusKind.Rtu, Device = "/dev/ttyUSB0", Baud = 12345, Parity = "Mark", StopBits = 3 };

        var problems = FieldLimits.Check(bus, English).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith(English["Wizard.Baud"], StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(English["Wizard.Parity"], StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(English["Wizard.StopBits"], StringComparison.Ordinal));
    }

    [Fact]
    public void The_site_step_refuses_an_over_long_name_and_a_bad_fuse_with_one_message_each()
    {
        var form = new SiteForm { Name = new string('A', 5500), Connections = [new GridConnectionForm { MainFuseA = "63.7" }] };

        var errors = SiteChecks.Check(form, English);

        Assert.Equal(
            [English["Limit.TooLong", English["Wizard.SiteName"], 200, 5500].Value, English["Limit.WholeNumber", English["Wizard.MainFuse"], 6, 4000].Value],
            errors);
    }

    [Fact]
    public void The_bus_step_refuses_an_over_long_bus_name_and_a_port_out_of_range()
    {
        var errors = BusChecks.Check([new BusForm { Name = new string('B', 201), Host = "10.0.0.2", Port = 70000 }], English);

        Assert.Contains(English["Limit.TooLong", English["Wizard.BusName"], 200, 201].Value, errors);
        Assert.Contains(English["Limit.WholeNumber", English["Wizard.Port"], 1, 65535].Value, errors);
    }

    [Fact]
    public void A_meter_row_with_an_over_long_name_serial_or_billing_point_is_refused_cell_by_cell_on_its_line()
    {
        var row = Row(4, name: new string('n', 201), serial: new string('5', 101), billingPoint: new string('b', 201));

        var check = new MeterSheetValidator(CommissioningTestKit.English).Check([row], Site());

        Assert.Empty(check.Valid);
        var tooLong = check.Problems.Where(p => p.Message.StartsWith("At most", StringComparison.Ordinal)).ToList();
        Assert.Equal([MeterColumn.Name, MeterColumn.Serial, MeterColumn.BillingPoint], tooLong.Select(p => p.Column));
        Assert.All(tooLong, p => Assert.Equal(4, p.Line));
    }

    [Fact]
    public void Database_columns_are_as_long_as_the_fields_that_fill_them()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);
        int? Length<T>(string property) => db.Model.FindEntityType(typeof(T))!.FindProperty(property)!.GetMaxLength();

        Assert.Equal(FieldLimits.SiteName.MaxLength, Length<Portal.Sites.Site>(nameof(Portal.Sites.Site.Name)));
        Assert.Equal(FieldLimits.Address.MaxLength, Length<Portal.Sites.Site>(nameof(Portal.Sites.Site.Address)));
        Assert.Equal(FieldLimits.Serial.MaxLength, Length<Portal.Sites.Site>(nameof(Portal.Sites.Site.RouterSerial)));
        Assert.Equal(FieldLimits.ConnectionName.MaxLength, Length<GridConnection>(nameof(GridConnection.Name)));
        Assert.Equal(FieldLimits.DsoMeterNumber.MaxLength, Length<GridConnection>(nameof(GridConnection.DsoMeterNumber)));
        Assert.Equal(FieldLimits.Serial.MaxLength, Length<Gateway>(nameof(Gateway.Serial)));
        Assert.Equal(FieldLimits.BusName.MaxLength, Length<Bus>(nameof(Bus.Name)));
        Assert.Equal(FieldLimits.Building.MaxLength, Length<Bus>(nameof(Bus.Building)));
        Assert.Equal(FieldLimits.Host.MaxLength, Length<Bus>(nameof(Bus.Host)));
        Assert.Equal(FieldLimits.Device.MaxLength, Length<Bus>(nameof(Bus.Device)));
        Assert.Equal(FieldLimits.PvName.MaxLength, Length<PvInstallation>(nameof(PvInstallation.Name)));
        Assert.Equal(FieldLimits.Inverter.MaxLength, Length<PvInstallation>(nameof(PvInstallation.Inverter)));
        Assert.Equal(FieldLimits.NameLength, Length<Meter>(nameof(Meter.Name)));
        Assert.Equal(FieldLimits.SerialLength, Length<Meter>(nameof(Meter.Serial)));
        Assert.Equal(FieldLimits.NameLength, Length<BillingPoint>(nameof(BillingPoint.Name)));
    }

    private static IEnumerable<string> Limits<T>() =>
        typeof(FieldLimits).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T)).Select(p => p.Name);

    private static T Limit<T>(string name) => (T)typeof(FieldLimits).GetProperty(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
