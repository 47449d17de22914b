using Portal.Contracts.Mqtt;
using Portal.Edge.Configuration;
using Portal.Modbus;

namespace Portal.Tests.Edge.Configuration;

public sealed class PollingConfigMapperTests
{
    private static PollingConfig Valid() => new(
        [
            new BusConfig("conv-0", BusKind.Tcp, Host: "127.0.0.1", Port: 1502, ResponseTimeoutMs: 300),
            new BusConfig("rs485", BusKind.Rtu, Device: "/dev/ttyUSB0", Baud: 19200, Parity: "even", StopBits: 1, Rs485: true),
        ],
        [new MeterConfig("grid", "SDM630", 1, "conv-0"), new MeterConfig("apt-1", "SDM630MCT", 1, "rs485")],
        IntervalSeconds: 10);

    [Fact]
    public void A_valid_config_maps_buses_meters_interval_and_quarter_hour_alignment()
    {
        var mapping = PollingConfigMapper.Map(Valid());

        Assert.True(mapping.IsUsable, string.Join(" ", mapping.Errors));
        var configuration = mapping.Configuration!;
        var tcp = Assert.IsType<TcpBusConfiguration>(configuration.Buses[0]);
        Assert.Equal(("127.0.0.1", 1502, TimeSpan.FromMilliseconds(300)), (tcp.Host, tcp.Port, tcp.ResponseTimeout));
        var rtu = Assert.IsType<RtuBusConfiguration>(configuration.Buses[1]);
        Assert.Equal(new RtuEndpoint("/dev/ttyUSB0", 19200, SerialParity.Even, 8, 1, true), rtu.Endpoint);
        Assert.Equal(new MeterConfiguration("apt-1", "SDM630MCT", 1, "rs485"), configuration.Meters[1]);
        Assert.Equal(TimeSpan.FromSeconds(10), configuration.Polling.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), configuration.Polling.AlignCyclesTo);
    }

    [Fact]
    public void A_tcp_bus_without_port_uses_502()
    {
        var config = Valid() with { Buses = [new BusConfig("conv-0", BusKind.Tcp, Host: "10.0.0.5")], Meters = [new MeterConfig("grid", "SDM630", 1, "conv-0")] };

        var tcp = Assert.IsType<TcpBusConfiguration>(PollingConfigMapper.Map(config).Configuration!.Buses[0]);

        Assert.Equal(502, tcp.Port);
    }

    [Theory]
    [InlineData("model", "Meter 'grid': model 'ABB-B23' is unknown")]
    [InlineData("unit", "Meters 'grid', 'pv' share unit id 1 on bus 'conv-0'")]
    [InlineData("parity", "Bus 'rs485': parity 'mark' is not one of none, even, odd")]
    [InlineData("host", "Bus 'conv-0': a TCP bus needs the converter's host")]
    [InlineData("garbled-host", "Bus 'conv-0': '127.0.0.\uFFFD' is neither an IP address nor a host name")]
    [InlineData("bus", "Meter 'grid' is on bus 'nowhere', which is not configured")]
    [InlineData("interval", "Polling interval 0 s is outside 1-900 s")]
    [InlineData("unit-range", "Meter 'grid': unit id 300 is outside 1-247")]
    [InlineData("timeout", "Bus 'conv-0': response timeout must be between 1 ms and 10 s")]
    public void An_unusable_config_is_refused_with_a_reason_naming_the_culprit(string fault, string reason)
    {
        var valid = Valid();
        var config = fault switch
        {
            "model" => valid with { Meters = [new MeterConfig("grid", "ABB-B23", 1, "conv-0")] },
            "unit" => valid with { Meters = [new MeterConfig("grid", "SDM630", 1, "conv-0"), new MeterConfig("pv", "SDM630", 1, "conv-0")] },
            "parity" => valid with { Buses = [valid.Buses[0], valid.Buses[1] with { Parity = "mark" }] },
            "host" => valid with { Buses = [valid.Buses[0] with { Host = null }, valid.Buses[1]] },
            "garbled-host" => valid with { Buses = [valid.Buses[0] with { Host = "127.0.0.\uFFFD" }, valid.Buses[1]] },
            "bus" => valid with { Meters = [new MeterConfig("grid", "SDM630", 1, "nowhere")] },
            "interval" => valid with { IntervalSeconds = 0 },
            "unit-range" => valid with { Meters = [new MeterConfig("grid", "SDM630", 300, "conv-0")] },
            "timeout" => valid with { Buses = [valid.Buses[0] with { ResponseTimeoutMs = 0 }, valid.Buses[1]] },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        var mapping = PollingConfigMapper.Map(config);

        Assert.False(mapping.IsUsable);
        Assert.Null(mapping.Configuration);
        Assert.Contains(mapping.Errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var config = Valid() with
        {
            Meters = [new MeterConfig("grid", "XYZ", 1, "conv-0"), new MeterConfig("pv", "SDM630", 1, "conv-0")],
            IntervalSeconds = 5000,
        };

        var errors = PollingConfigMapper.Map(config).Errors;

        Assert.Equal(3, errors.Count);
    }
}
