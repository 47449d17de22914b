using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Edge.Configuration;
using Portal.Sites;
using Portal.Tests.Commissioning;
using BusKind = Portal.Contracts.Mqtt.BusKind;

namespace Portal.Tests.Contracts;

/// <summary>One rule for a converter host, applied alike by the portal's site rules and the edge's config check.</summary>
public sealed class ConverterHostTests
{
    [Theory]
    [InlineData("192.168.1.050", "192.168.1.50")]
    [InlineData(" 10.0.0.7 ", "10.0.0.7")]
    [InlineData("[2001:DB8:0:0::5]", "2001:db8::5")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("Converter-East.LOCAL.", "converter-east.local")]
    public void Hosts_have_one_canonical_form(string host, string canonical) =>
        Assert.Equal(canonical, ConverterHost.Canonical(host));

    // More refusals, worded for the installer, are in SiteRulesTests.
    [Theory]
    [InlineData("[2001:db8::5")]
    [InlineData("")]
    [InlineData("   ")]
    public void Not_a_host(string host) => Assert.Null(ConverterHost.Canonical(host));

    [Theory]
    [InlineData("192.168.1.50")]
    [InlineData("192.168.1.300")]
    [InlineData("10.1")]
    [InlineData("2001:db8::5")]
    [InlineData("[2001:db8::5]")]
    [InlineData("converter-east.local")]
    [InlineData("conv_east")]
    [InlineData("fe80::zz")]
    public void The_site_rules_and_the_edge_accept_and_refuse_the_same_hosts(string host)
    {
        var rules = new SiteRules(CommissioningTestKit.English);
        var portalAccepts = !rules.Check(SiteType.StandardRcp, [new BusSpec("b1", "East", Portal.Sites.BusKind.Tcp, host, 502)], [new GridConnectionSpec(Guid.Empty, "Main")], [])
            .Any(f => f.Message.Contains(host, StringComparison.Ordinal) && !f.IsWarning);
        var edge = PollingConfigMapper.Map(new PollingConfig([new BusConfig("b1", BusKind.Tcp, Host: host, Port: 502)], []));

        Assert.Equal(portalAccepts, edge.IsUsable);
    }

    [Fact]
    public void The_edge_connects_to_an_IPv6_converter_by_its_bare_address()
    {
        var edge = PollingConfigMapper.Map(new PollingConfig([new BusConfig("b1", BusKind.Tcp, Host: "[2001:db8::5]", Port: 1502)], []));

        Assert.Equal("tcp://[2001:db8::5]:1502", Assert.IsType<TcpBusConfiguration>(Assert.Single(edge.Configuration!.Buses)).Endpoint.ToString());
    }
}
