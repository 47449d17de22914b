using Microsoft.Extensions.Logging.Abstractions;
using Portal.Contracts.Mqtt;
using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Tests.Modbus;

namespace Portal.Tests.Edge.Polling;

/// <summary>
/// The edge's poller on a serial line that has no RS-485 mode (a socat pseudo-terminal pair, like an adapter that
/// switches direction itself), with pymodbus answering on the other end.
/// </summary>
public sealed class SerialModePollingTests
{
    [Fact]
    public async Task With_RS485_mode_off_the_bus_is_read_where_asking_for_RS485_mode_fails_with_a_clear_reason()
    {
        var (pair, serverSide, clientSide) = await ExternalProcess.StartPseudoTerminalPairAsync();
        using var _ = pair;
        var (peer, _) = await ExternalProcess.StartPeerAsync("rtu", serverSide);
        using var __ = peer;

        var off = await PollAsync(new BusConfig("rs485-off", BusKind.Rtu, Device: clientSide, Rs485: false), sink => sink.ReadingsOf("m1") >= 2);
        var on = await PollAsync(new BusConfig("rs485-on", BusKind.Rtu, Device: clientSide, Rs485: true), sink => !sink.Health.IsEmpty);

        Assert.True(off.ReadingsOf("m1") >= 2, $"{off.ReadingsOf("m1")} readings with RS-485 mode off");
        Assert.Equal(230.0, off.Readings.First().Voltage.L1);
        Assert.Equal(0, on.ReadingsOf("m1"));
        Assert.Contains(on.Health, h => h.MeterId == "m1" && h.Error!.Contains("refused RS-485 mode", StringComparison.Ordinal)
            && h.Error.Contains("turn RS-485 mode off for this bus", StringComparison.Ordinal));
    }

    private static async Task<RecordingSink> PollAsync(BusConfig bus, Func<RecordingSink, bool> done)
    {
        var mapping = PollingConfigMapper.Map(new PollingConfig([bus with { ResponseTimeoutMs = 1000 }], [new MeterConfig("m1", "SDM630", 1, bus.Id)], IntervalSeconds: 1));
        Assert.True(mapping.IsUsable, string.Join(" ", mapping.Errors));
        var configuration = mapping.Configuration! with { Polling = mapping.Configuration!.Polling with { AlignCyclesTo = null, Interval = TimeSpan.FromMilliseconds(200) } };
        var sink = new RecordingSink();
        var service = new MeterPollingService(configuration, new LibModbusTransportFactory(), sink, TimeProvider.System, NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!done(sink) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);
        return sink;
    }
}
