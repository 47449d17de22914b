using Portal.Commissioning;
using Portal.Sites;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

public sealed class SiteRulesTests
{
    private static readonly Guid East = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid West = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private readonly SiteRules _rules = new(English);

    private static ExistingMeter Introduction(string name = "Introduction", string bus = "bus-c1", int unitId = 1, Guid? connection = null) =>
        new($"m-{name}", name, bus, unitId, MeterRole.GridIntroduction, connection);

    private static ExistingMeter Meter(string name, MeterRole role, string bus = "bus-c1", int unitId = 2) => new($"m-{name}", name, bus, unitId, role, null);

    private static BusSpec[] OneBus => [Converter1];

    private static GridConnectionSpec[] OneConnection => [new(Connection, "Main connection")];

    [Fact]
    public void A_standard_site_with_one_introduction_and_consumers_has_no_findings()
    {
        var findings = _rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Introduction(), Meter("Apartment 1", MeterRole.Consumer)]);

        Assert.Empty(findings);
    }

    [Fact]
    public void With_one_connection_the_introduction_meter_may_leave_the_connection_unset_or_name_it()
    {
        Assert.Empty(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Introduction(connection: Connection), Meter("A", MeterRole.Consumer)]));
        Assert.Empty(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Introduction(connection: null), Meter("A", MeterRole.Consumer)]));
    }

    [Fact]
    public void A_connection_without_an_introduction_meter_is_an_error_naming_the_connection()
    {
        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Meter("A", MeterRole.Consumer)]));

        Assert.False(finding.IsWarning);
        Assert.StartsWith("Grid connection Main connection has no grid-introduction meter", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_introduction_meters_on_one_connection_is_an_error_naming_both()
    {
        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection,
            [Introduction("Intro A", unitId: 1), Introduction("Intro B", unitId: 3, connection: Connection), Meter("A", MeterRole.Consumer)]));

        Assert.Equal("Grid connection Main connection has 2 grid-introduction meters (Intro A, Intro B); keep exactly one and give the others their real role.", finding.Message);
    }

    [Fact]
    public void With_several_connections_each_needs_its_own_introduction_meter_and_an_unassigned_one_is_an_error()
    {
        GridConnectionSpec[] connections = [new(East, "East"), new(West, "West")];

        var findings = _rules.Check(SiteType.Microgrid, OneBus, connections, [Introduction("Intro east", connection: East), Introduction("Intro ?", unitId: 3), Meter("A", MeterRole.Consumer)]);

        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Message == "Meter Intro ? is a grid-introduction meter but no grid connection is chosen for it; choose one of: East, West.");
        Assert.Contains(findings, f => f.Message.StartsWith("Grid connection West has no grid-introduction meter", StringComparison.Ordinal));
    }

    [Fact]
    public void An_introduction_meter_naming_a_connection_the_site_does_not_have_is_an_error()
    {
        var findings = _rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Introduction(connection: East), Meter("A", MeterRole.Consumer)]);

        Assert.Contains(findings, f => f.Message == "Meter Introduction refers to a grid connection this site does not have; choose one of: Main connection.");
    }

    [Fact]
    public void In_a_virtual_RCP_a_connection_without_a_private_introduction_meter_is_only_a_warning()
    {
        GridConnectionSpec[] connections = [new(East, "East"), new(West, "West")];

        var finding = Assert.Single(_rules.Check(SiteType.VirtualRcp, OneBus, connections, [Introduction("Intro east", connection: East), Meter("A", MeterRole.Consumer)]));

        Assert.True(finding.IsWarning);
        Assert.Contains("come from the DSO's data", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_without_a_grid_connection_is_an_error()
    {
        var findings = _rules.Check(SiteType.StandardRcp, OneBus, [], [Introduction(), Meter("A", MeterRole.Consumer)]);

        Assert.Contains(findings, f => !f.IsWarning && f.Message.StartsWith("The site has no grid connection yet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_consumer_site_needs_no_consumer_meter()
    {
        Assert.Empty(_rules.Check(SiteType.SingleConsumer, OneBus, OneConnection, [Introduction(), Meter("PV", MeterRole.PvProduction)]));
    }

    [Fact]
    public void A_single_consumer_site_without_a_production_meter_is_an_error()
    {
        var finding = Assert.Single(_rules.Check(SiteType.SingleConsumer, OneBus, OneConnection, [Introduction()]));

        Assert.StartsWith("A single-consumer site needs a PV production meter", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_consumer_site_without_an_introduction_meter_is_an_error()
    {
        var finding = Assert.Single(_rules.Check(SiteType.SingleConsumer, OneBus, OneConnection, [Meter("PV", MeterRole.PvProduction)]));

        Assert.StartsWith("Grid connection Main connection has no grid-introduction meter", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_meter_on_a_single_consumer_site_is_a_warning_that_it_is_not_needed()
    {
        var finding = Assert.Single(_rules.Check(SiteType.SingleConsumer, OneBus, OneConnection, [Introduction(), Meter("PV", MeterRole.PvProduction), Meter("House", MeterRole.Consumer, unitId: 3)]));

        Assert.True(finding.IsWarning);
        Assert.StartsWith("Meter House is a consumer meter, but a single-consumer site calculates its consumption", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_consumer_site_with_two_grid_connections_is_an_error()
    {
        GridConnectionSpec[] connections = [new(East, "East"), new(West, "West")];

        var findings = _rules.Check(SiteType.SingleConsumer, OneBus, connections,
            [Introduction("Intro east", connection: East), Introduction("Intro west", unitId: 3, connection: West), Meter("PV", MeterRole.PvProduction)]);

        Assert.Equal("A single-consumer site has exactly one grid connection, this one has 2; choose another site type for several connections.", Assert.Single(findings).Message);
    }

    [Theory]
    [InlineData(SiteType.StandardRcp)]
    [InlineData(SiteType.Microgrid)]
    [InlineData(SiteType.Generic)]
    public void Other_site_types_need_a_consumer_or_common_area_meter(SiteType type)
    {
        var finding = Assert.Single(_rules.Check(type, OneBus, OneConnection, [Introduction(), Meter("PV", MeterRole.PvProduction)]));
        Assert.StartsWith("The site has no consumer or common-area meter", finding.Message, StringComparison.Ordinal);

        Assert.Empty(_rules.Check(type, OneBus, OneConnection, [Introduction(), Meter("Common", MeterRole.CommonArea)]));
    }

    [Theory]
    [InlineData("192.168.1.50")]
    [InlineData("fe80::1")]
    [InlineData("[2001:db8::5]")]
    [InlineData("converter-east.local")]
    [InlineData("CONVERTER1")]
    public void Converter_hosts_may_be_IPv4_IPv6_or_host_names(string host)
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, host, 502)];

        Assert.Empty(_rules.Check(SiteType.StandardRcp, buses, OneConnection, [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "b1")]));
    }

    [Theory]
    [InlineData("192.168.1.300")]
    [InlineData("192.168.1")]
    [InlineData("10.0.0.1.5")]
    [InlineData("conv_east")]
    [InlineData("-conv")]
    [InlineData("fe80::zz")]
    [InlineData("http://192.168.1.5")]
    public void An_invalid_converter_host_is_an_error_naming_the_converter(string host)
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, host, 502)];

        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, buses, OneConnection, [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "b1")]));

        Assert.Equal($"Converter East: \"{host}\" is neither an IP address nor a host name; enter e.g. 192.168.1.50.", finding.Message);
    }

    [Fact]
    public void A_converter_without_a_host_is_an_error_and_an_RTU_bus_needs_none()
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, " ", 502), GatewayBus];

        var findings = _rules.Check(SiteType.StandardRcp, buses, OneConnection, [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "bus-gw")]);

        Assert.Equal("Converter East needs its IP address (or host name) on the site network.", Assert.Single(findings).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void A_converter_port_outside_1_to_65535_is_an_error(int port)
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, "192.168.1.50", port)];

        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, buses, OneConnection, [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "b1")]));

        Assert.StartsWith($"Converter East: port {port} is not valid", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_converters_on_the_same_address_and_port_is_an_error_naming_both()
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, "192.168.1.050", null), new("b2", "West", BusKind.Tcp, "192.168.1.50", 502), new("b3", "North", BusKind.Tcp, "192.168.1.50", 503)];

        var findings = _rules.Check(SiteType.StandardRcp, buses, OneConnection,
            [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "b2"), Meter("B", MeterRole.Consumer, bus: "b3")]);

        Assert.Equal("Converters East and West have the same address 192.168.1.50:502; give each converter its own IP address (or port).", Assert.Single(findings).Message);
    }

    [Fact]
    public void Host_names_clash_whatever_their_case()
    {
        BusSpec[] buses = [new("b1", "East", BusKind.Tcp, "conv.local", 502), new("b2", "West", BusKind.Tcp, "CONV.local", 502)];

        var findings = _rules.Check(SiteType.StandardRcp, buses, OneConnection, [Introduction(bus: "b1"), Meter("A", MeterRole.Consumer, bus: "b2")]);

        Assert.Contains("conv.local:502", Assert.Single(findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bus_without_meters_is_a_warning()
    {
        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, [Converter1, Converter2], OneConnection, [Introduction(), Meter("A", MeterRole.Consumer)]));

        Assert.True(finding.IsWarning);
        Assert.Equal("Bus Converter 2 has no meter; add its meters or remove the bus.", finding.Message);
    }

    [Fact]
    public void A_meter_on_a_bus_the_site_does_not_have_is_an_error()
    {
        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection, [Introduction(), Meter("A", MeterRole.Consumer, bus: "bus-gone")]));

        Assert.Equal("Meter A is on bus \"bus-gone\", which is not a bus of this site; move it to one of: Converter 1.", finding.Message);
    }

    [Fact]
    public void More_than_31_stored_meters_on_one_bus_is_a_warning()
    {
        var meters = Enumerable.Range(2, 31).Select(i => Meter($"A{i}", MeterRole.Consumer, unitId: i)).Prepend(Introduction()).ToList();

        var finding = Assert.Single(_rules.Check(SiteType.StandardRcp, OneBus, OneConnection, meters));

        Assert.True(finding.IsWarning);
        Assert.StartsWith("Bus Converter 1 would carry 32 meters", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_in_the_installers_language()
    {
        var finding = Assert.Single(new SiteRules(French).Check(SiteType.SingleConsumer, OneBus, OneConnection, [Introduction()]));

        Assert.StartsWith("Un site à consommateur unique a besoin d'un compteur de production PV", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_site_layout_overload_checks_the_same_rules()
    {
        var site = Site(SiteType.StandardRcp, Introduction(), Meter("A", MeterRole.Consumer), Meter("B", MeterRole.Consumer, bus: "bus-c2"), Meter("C", MeterRole.Consumer, bus: "bus-gw"));

        Assert.Empty(_rules.Check(site));
    }

    [Theory]
    [InlineData("10", "4", "3", "11")]
    [InlineData("0", "5.5", "0", "5.5")]
    [InlineData("20.25", "0", "20.25", "0")]
    [InlineData("1", "0", "1.002", "-0.002")]
    public void Single_consumer_consumption_is_production_plus_withdrawal_minus_injection(string production, string withdrawal, string injection, string expected)
    {
        static decimal Kwh(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(Kwh(expected), SingleConsumer.Consumption(Kwh(production), Kwh(withdrawal), Kwh(injection)));
    }

    [Fact]
    public void Single_consumer_consumption_refuses_negative_energies()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleConsumer.Consumption(-1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleConsumer.Consumption(0, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SingleConsumer.Consumption(0, 0, -1));
    }
}
