using System.Text;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Sites;
using Portal.Telemetry;
using BusKind = Portal.Contracts.Mqtt.BusKind;

namespace Portal.Tests.Contracts;

/// <summary>The per-bus RS-485 setting on the wire: sent by the portal, read by the edge, absent from older portals.</summary>
public sealed class BusConfigContractTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_RS485_setting_of_an_RTU_bus_round_trips(bool rs485)
    {
        var config = Message(new BusConfig("rtu-1", BusKind.Rtu, Device: "/dev/ttyUSB0", Rs485: rs485));

        var parsed = ContractParser.ParseConfig(ContractParser.Serialize(config));

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Equal(rs485, Assert.Single(parsed.Value!.Polling!.Buses).Rs485);
    }

    [Fact]
    public void A_bus_from_a_portal_without_the_setting_keeps_RS485_mode_on()
    {
        var json = """
            {"schema":1,"version":3,"issuedAt":"2026-12-01T10:00:00+00:00","timeZone":"Europe/Zurich","heartbeatSeconds":60,
             "polling":{"buses":[{"id":"rtu-1","kind":"rtu","device":"/dev/ttyUSB0","baud":9600,"parity":"none","stopBits":1}],"meters":[]}}
            """;

        var parsed = ContractParser.ParseConfig(Encoding.UTF8.GetBytes(json));

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.True(Assert.Single(parsed.Value!.Polling!.Buses).Rs485);
    }

    [Fact]
    public void The_portal_sends_each_RTU_bus_its_RS485_setting_and_IPv6_hosts_without_brackets()
    {
        Bus[] buses =
        [
            new() { Id = "b1", GatewayId = "gw", Kind = Portal.Sites.BusKind.Rtu, Device = "/dev/ttyUSB0", Rs485 = false },
            new() { Id = "b2", GatewayId = "gw", Kind = Portal.Sites.BusKind.Rtu, Device = "/dev/ttyS1" },
            new() { Id = "b3", GatewayId = "gw", Kind = Portal.Sites.BusKind.Tcp, Host = "[2001:DB8::5]", Port = 502 },
        ];

        var polling = GatewayConfigPublisher.PollingOf(buses, []);

        Assert.Equal([false, true], polling.Buses.Where(b => b.Kind == BusKind.Rtu).Select(b => b.Rs485));
        Assert.Equal("2001:db8::5", polling.Buses.Single(b => b.Id == "b3").Host);
    }

    private static GatewayConfigMessage Message(BusConfig bus) =>
        new(ContractVersion.Current, 1, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), "Europe/Zurich", 60, new PollingConfig([bus], []));
}
