using System.Diagnostics;
using Portal.Commissioning;
using Portal.Sites;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

public sealed class MeterSheetValidatorTests
{
    private readonly MeterSheetValidator _validator = new(English);

    [Fact]
    public void A_correct_row_becomes_a_typed_meter_on_the_bus_it_names()
    {
        var check = _validator.Check([Row(3, name: " Introduction ", model: "sdm630-mct", ctRatio: "400/5", serial: "21000002", bus: "converter 2", unitId: "12", role: "Einspeisepunkt", billingPoint: "")], Site());

        Assert.Empty(check.Problems);
        Assert.False(check.HasErrors);
        Assert.Equal(new ValidMeter(3, "Introduction", "SDM630MCT", 400, "21000002", "bus-c2", 12, MeterRole.GridIntroduction, null), Assert.Single(check.Valid));
    }

    [Fact]
    public void A_row_without_a_name_is_an_error_on_the_name()
    {
        var error = SingleError(Row(1, name: "  "));

        Assert.Equal(MeterColumn.Name, error.Column);
        Assert.Contains("Give the meter a name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SDM630", "SDM630")]
    [InlineData("sdm630", "SDM630")]
    [InlineData("Eastron SDM630 Modbus", "SDM630")]
    [InlineData("SDM630MCT", "SDM630MCT")]
    [InlineData("SDM630-MCT", "SDM630MCT")]
    [InlineData("sdm630 mct", "SDM630MCT")]
    public void Models_are_recognised_however_they_are_written(string typed, string model)
    {
        var ct = model == "SDM630MCT" ? "200" : "";

        var check = _validator.Check([Row(1, model: typed, ctRatio: ct)], Site());

        Assert.Equal(model, Assert.Single(check.Valid).Model);
    }

    [Theory]
    [InlineData("SDM120", "Model \"SDM120\" is not supported")]
    [InlineData("", "Enter the meter model")]
    public void An_unknown_or_missing_model_is_an_error_on_the_model(string model, string expected)
    {
        var error = SingleError(Row(1, model: model));

        Assert.Equal(MeterColumn.Model, error.Column);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200", 200)]
    [InlineData("200/5", 200)]
    [InlineData("200/5A", 200)]
    [InlineData("200 / 5 A", 200)]
    [InlineData("1500:5", 1500)]
    [InlineData("100 A", 100)]
    public void A_CT_ratio_is_stored_as_the_primary_current(string typed, int primary)
    {
        var check = _validator.Check([Row(1, model: "SDM630MCT", ctRatio: typed)], Site());

        Assert.Equal(primary, Assert.Single(check.Valid).CtRatio);
    }

    [Fact]
    public void A_CT_meter_without_a_CT_ratio_is_an_error()
    {
        var error = SingleError(Row(1, model: "SDM630MCT", ctRatio: ""));

        Assert.Equal(MeterColumn.CtRatio, error.Column);
        Assert.Contains("e.g. 200 for 200/5 A", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-200")]
    [InlineData("200.5")]
    [InlineData("200/1")]
    [InlineData("10000")]
    [InlineData("lots")]
    public void A_CT_ratio_that_is_not_a_positive_whole_primary_on_5_A_is_an_error(string typed)
    {
        var error = SingleError(Row(1, model: "SDM630MCT", ctRatio: typed));

        Assert.Equal(MeterColumn.CtRatio, error.Column);
        Assert.Contains($"CT ratio \"{typed}\" is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_direct_meter_with_a_CT_ratio_is_an_error()
    {
        var error = SingleError(Row(1, model: "SDM630", ctRatio: "200"));

        Assert.Equal(MeterColumn.CtRatio, error.Column);
        Assert.Contains("leave the CT ratio empty, or change the model to SDM630MCT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_serial_given_twice_is_an_error_on_both_rows_naming_the_other()
    {
        var check = _validator.Check([Row(2, serial: "21000001", unitId: "1"), Row(5, serial: "21000001 ", unitId: "2"), Row(6, serial: "", unitId: "3"), Row(7, serial: "", unitId: "4")], Site());

        Assert.Collection(check.Problems,
            p => Assert.Equal((2, MeterColumn.Serial, "Serial 21000001 is also given for line 5; every meter has its own serial, check the label on the meter."), (p.Line, p.Column, p.Message)),
            p => Assert.Equal((5, MeterColumn.Serial), (p.Line, p.Column)));
        Assert.Contains("line 2", check.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal([6, 7], check.Valid.Select(v => v.Line));
    }

    [Fact]
    public void A_serial_already_on_the_site_is_an_error_naming_the_stored_meter()
    {
        var site = Site(SiteType.StandardRcp, new ExistingMeter("m1", "Apartment 0.1", "bus-c1", 30, MeterRole.Consumer, null, "21000001"));

        var error = SingleError(Row(4, serial: "21000001"), site);

        Assert.Contains("meter Apartment 0.1 (already on the site)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Converter 2", "bus-c2")]
    [InlineData("CONVERTER 2", "bus-c2")]
    [InlineData("bus-gw", "bus-gw")]
    [InlineData("BUS-GW", "bus-gw")]
    public void The_bus_is_found_by_id_or_name_ignoring_case(string typed, string busId)
    {
        var check = _validator.Check([Row(1, bus: typed)], Site());

        Assert.Equal(busId, Assert.Single(check.Valid).BusId);
    }

    [Fact]
    public void A_bus_the_site_does_not_have_is_an_error_listing_the_buses()
    {
        var error = SingleError(Row(1, bus: "Converter 9"));

        Assert.Equal(MeterColumn.Bus, error.Column);
        Assert.Equal("Bus \"Converter 9\" is not a bus of this site; use one of: Converter 1, Converter 2, Gateway RS-485.", error.Message);
    }

    [Fact]
    public void A_missing_bus_is_an_error_and_a_site_without_buses_says_to_add_one_first()
    {
        Assert.Contains("Enter the bus the meter is wired to", SingleError(Row(1, bus: "")).Message, StringComparison.Ordinal);

        var noBuses = new SiteLayout(SiteType.StandardRcp, [], [], []);
        Assert.Contains("The site has no bus yet", SingleError(Row(1), noBuses).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("248")]
    [InlineData("-1")]
    [InlineData("12.0")]
    [InlineData("twelve")]
    public void A_unit_id_outside_1_to_247_or_not_a_whole_number_is_an_error(string typed)
    {
        var error = SingleError(Row(1, unitId: typed));

        Assert.Equal(MeterColumn.UnitId, error.Column);
        Assert.Contains($"Unit id \"{typed}\" is not valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("247", 247)]
    [InlineData(" 12 ", 12)]
    public void Unit_ids_1_to_247_are_accepted(string typed, int unitId)
    {
        Assert.Equal(unitId, Assert.Single(_validator.Check([Row(1, unitId: typed)], Site()).Valid).UnitId);
    }

    [Fact]
    public void A_missing_unit_id_is_an_error()
    {
        Assert.Contains("Enter the Modbus unit id", SingleError(Row(1, unitId: "")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_id_used_twice_on_a_bus_is_an_error_on_both_rows_naming_the_other()
    {
        var check = _validator.Check([Row(3, unitId: "12"), Row(7, unitId: "12", bus: "bus-c1")], Site());

        Assert.Empty(check.Valid);
        Assert.Collection(check.Problems,
            p => Assert.Equal((3, MeterColumn.UnitId, "Unit id 12 is already used on bus Converter 1 by line 7; pick a free id between 1 and 247."), (p.Line, p.Column, p.Message)),
            p => Assert.Equal((7, MeterColumn.UnitId, "Unit id 12 is already used on bus Converter 1 by line 3; pick a free id between 1 and 247."), (p.Line, p.Column, p.Message)));
    }

    [Fact]
    public void The_same_unit_id_on_different_buses_is_fine()
    {
        var check = _validator.Check([Row(1, unitId: "5", bus: "Converter 1"), Row(2, unitId: "5", bus: "Converter 2")], Site());

        Assert.Empty(check.Problems);
        Assert.Equal(2, check.Valid.Count);
    }

    [Fact]
    public void Unit_id_already_taken_by_a_stored_meter_is_an_error_naming_it()
    {
        var site = Site(SiteType.StandardRcp, new ExistingMeter("m1", "Common areas", "bus-c1", 12, MeterRole.CommonArea, null));

        var error = SingleError(Row(4, unitId: "12"), site);

        Assert.Equal("Unit id 12 is already used on bus Converter 1 by meter Common areas (already on the site); pick a free id between 1 and 247.", error.Message);
    }

    [Fact]
    public void Three_rows_on_one_unit_id_each_name_the_two_others()
    {
        var check = _validator.Check([Row(1, unitId: "9"), Row(2, unitId: "9"), Row(3, unitId: "9")], Site());

        Assert.Contains("by lines 1, 3;", check.Problems.Single(p => p.Line == 2).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grid introduction", MeterRole.GridIntroduction)]
    [InlineData("Introduction", MeterRole.GridIntroduction)]
    [InlineData("Einspeisepunkt", MeterRole.GridIntroduction)]
    [InlineData("GridIntroduction", MeterRole.GridIntroduction)]
    [InlineData("consumer", MeterRole.Consumer)]
    [InlineData("consommateur", MeterRole.Consumer)]
    [InlineData("Verbraucher", MeterRole.Consumer)]
    [InlineData("common area", MeterRole.CommonArea)]
    [InlineData("parties communes", MeterRole.CommonArea)]
    [InlineData("Allgemeinstrom", MeterRole.CommonArea)]
    [InlineData("PV", MeterRole.PvProduction)]
    [InlineData("production PV", MeterRole.PvProduction)]
    [InlineData("PvProduction", MeterRole.PvProduction)]
    [InlineData("Batterie", MeterRole.Battery)]
    [InlineData("heat pump", MeterRole.HeatPump)]
    [InlineData("pompe à chaleur", MeterRole.HeatPump)]
    [InlineData("Wärmepumpe", MeterRole.HeatPump)]
    [InlineData("EV charging", MeterRole.EvCharging)]
    [InlineData("borne de recharge", MeterRole.EvCharging)]
    [InlineData("Ladestation", MeterRole.EvCharging)]
    [InlineData("autre", MeterRole.Other)]
    public void Roles_are_read_in_English_French_German_and_as_enum_names(string typed, MeterRole role)
    {
        var check = _validator.Check([Row(1, role: typed)], Site());

        Assert.Equal(role, Assert.Single(check.Valid).Role);
    }

    [Fact]
    public void An_unknown_role_is_an_error_listing_the_roles()
    {
        var error = SingleError(Row(1, role: "fridge"));

        Assert.Equal(MeterColumn.Role, error.Column);
        Assert.Equal("Role \"fridge\" is not known; use one of: grid introduction, consumer, common area, PV production, battery, heat pump, EV charging, other.", error.Message);
        Assert.Contains("Enter the meter's role", SingleError(Row(1, role: "")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("consumer")]
    [InlineData("common area")]
    public void A_consumer_or_common_area_meter_without_a_billing_point_is_a_warning_and_still_saved(string role)
    {
        var check = _validator.Check([Row(1, role: role, billingPoint: " ")], Site());

        var warning = Assert.Single(check.Problems);
        Assert.True(warning.IsWarning);
        Assert.Equal(MeterColumn.BillingPoint, warning.Column);
        Assert.False(check.HasErrors);
        Assert.Null(Assert.Single(check.Valid).BillingPoint);
    }

    [Fact]
    public void Other_roles_need_no_billing_point()
    {
        Assert.Empty(_validator.Check([Row(1, role: "PV", billingPoint: "")], Site()).Problems);
    }

    [Fact]
    public void More_than_31_meters_on_one_segment_counting_stored_ones_is_a_warning_on_the_rows_past_the_limit()
    {
        var stored = Enumerable.Range(1, 20).Select(i => new ExistingMeter($"m{i}", $"Stored {i}", "bus-c1", i, MeterRole.Consumer, null)).ToArray();
        var rows = Enumerable.Range(0, 13).Select(i => Row(i + 1, name: $"New {i}", unitId: $"{21 + i}")).ToList();

        var check = _validator.Check(rows, Site(SiteType.StandardRcp, stored));

        var warnings = check.Problems.Where(p => p.IsWarning).ToList();
        Assert.Equal([12, 13], warnings.Select(w => w.Line));
        Assert.All(warnings, w => Assert.Equal(MeterColumn.Bus, w.Column));
        Assert.StartsWith("Bus Converter 1 would carry 33 meters; an RS-485 segment takes at most 31 meters", warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal(13, check.Valid.Count);
    }

    [Fact]
    public void Thirty_one_meters_on_a_segment_is_no_warning()
    {
        var rows = Enumerable.Range(1, 31).Select(i => Row(i, unitId: $"{i}")).ToList();

        Assert.Empty(_validator.Check(rows, Site()).Problems);
    }

    [Fact]
    public void Every_bad_cell_of_a_row_is_reported_and_the_row_is_rejected_while_good_rows_pass()
    {
        var check = _validator.Check([Row(1), Row(2, name: "", model: "X", bus: "nowhere", unitId: "999", role: "?")], Site());

        Assert.Equal([MeterColumn.Name, MeterColumn.Model, MeterColumn.Bus, MeterColumn.UnitId, MeterColumn.Role], check.Problems.Where(p => p.Line == 2).Select(p => p.Column));
        Assert.Equal([2], check.RejectedLines);
        Assert.Equal([1], check.Valid.Select(v => v.Line));
    }

    [Fact]
    public void Messages_are_in_the_installers_language()
    {
        var french = new MeterSheetValidator(French).Check([Row(3, unitId: "12"), Row(7, unitId: "12")], Site());
        var german = new MeterSheetValidator(German).Check([Row(3, unitId: "12"), Row(7, unitId: "12")], Site());

        Assert.Equal("L'adresse 12 est déjà utilisée sur le bus Converter 1 par la ligne 7 ; choisissez une adresse libre entre 1 et 247.", french.Problems[0].Message);
        Assert.Equal("Die Adresse 12 ist auf Bus Converter 1 schon belegt durch Zeile 7; wählen Sie eine freie Adresse zwischen 1 und 247.", german.Problems[0].Message);
    }

    [Fact]
    public void Three_hundred_pasted_rows_parse_and_check_in_well_under_a_second()
    {
        var buses = Enumerable.Range(1, 10).Select(b => new BusSpec($"bus-{b}", $"Converter {b}", BusKind.Tcp, $"192.168.1.{b + 10}", 502)).ToList();
        var site = new SiteLayout(SiteType.StandardRcp, buses, [new GridConnectionSpec(Connection, "Main")], []);
        var text = string.Join('\n', Enumerable.Range(0, 300).Select(i =>
            $"Apartment {i}\tSDM630\t\t{21_000_000 + i}\tConverter {i / 30 + 1}\t{i % 30 + 1}\tconsumer\tApartment {i}"));

        MeterSheet.Parse(text, English); // JIT and resource loading are not what the installer waits for twice.
        var clock = Stopwatch.StartNew();
        var parse = MeterSheet.Parse(text, English);
        var check = _validator.Check(parse.Rows, site);
        clock.Stop();

        Assert.Equal(300, check.Valid.Count);
        Assert.Empty(check.Problems);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    private CellError SingleError(MeterRow row, SiteLayout? site = null)
    {
        var check = _validator.Check([row], site ?? Site());
        var error = Assert.Single(check.Problems, p => !p.IsWarning);
        Assert.Empty(check.Valid);
        return error;
    }
}
