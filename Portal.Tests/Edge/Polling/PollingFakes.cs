using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using Portal.Edge.Polling;
using Portal.Modbus;
using Portal.Modbus.Meters;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.Polling;

/// <summary>A bus of scripted meters. A silent meter costs the fake clock its response timeout, as on a real bus.</summary>
public sealed class FakeBus(FakeTimeProvider? clock, TimeSpan responseTimeout) : IModbusTransport
{
    private readonly ConcurrentDictionary<byte, Func<ushort, ushort, ushort[]>> _units = new();

    public ConcurrentQueue<(byte Unit, DateTimeOffset At)> Requests { get; } = new();

    public TimeSpan Latency { get; init; }

    public void Answering(byte unit, float volts = 230f) => _units[unit] = (address, count) =>
    {
        var registers = new ushort[count];
        if (address == 0)
        {
            RegisterWords.WriteFloat32(volts, registers, 0);
            RegisterWords.WriteFloat32(1234.5f, registers, 0x48);
        }

        return registers;
    };

    public void Silent(byte unit) => _units[unit] = (_, _) =>
    {
        clock?.Advance(responseTimeout);
        throw new ModbusTimeoutException($"unit {unit} silent");
    };

    public void Refusing(byte unit) => _units[unit] = (_, _) => throw new ModbusExceptionReply(unit, ModbusExceptionCode.IllegalDataAddress);

    public int RequestsTo(byte unit) => Requests.Count(r => r.Unit == unit);

    public async Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken)
    {
        Requests.Enqueue((unitId, clock?.GetUtcNow() ?? TimeProvider.System.GetUtcNow()));
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        return _units.TryGetValue(unitId, out var answer)
            ? answer(address, count)
            : throw new ModbusTimeoutException($"unit {unitId} absent");
    }

    public Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        throw new ModbusExceptionReply(unitId, ModbusExceptionCode.IllegalFunction);

    public Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        throw new ModbusExceptionReply(unitId, ModbusExceptionCode.IllegalFunction);

    public Task WriteCoilAsync(byte unitId, ushort address, bool on, CancellationToken cancellationToken) =>
        throw new ModbusExceptionReply(unitId, ModbusExceptionCode.IllegalFunction);

    public Task WriteCoilsAsync(byte unitId, ushort address, IReadOnlyList<bool> values, CancellationToken cancellationToken) =>
        throw new ModbusExceptionReply(unitId, ModbusExceptionCode.IllegalFunction);

    public void Dispose()
    {
    }
}

public sealed class RecordingSink : IReadingSink
{
    public ConcurrentQueue<MeterReading> Readings { get; } = new();

    public ConcurrentQueue<MeterHealth> Health { get; } = new();

    public Func<MeterReading, bool> ThrowOn { get; init; } = _ => false;

    public int ReadingsOf(string meterId) => Readings.Count(r => r.MeterId == meterId);

    public Task OnReadingAsync(MeterReading reading, CancellationToken cancellationToken)
    {
        Readings.Enqueue(reading);
        return ThrowOn(reading) ? throw new InvalidOperationException("sink broke") : Task.CompletedTask;
    }

    public Task OnMeterHealthAsync(MeterHealth health, CancellationToken cancellationToken)
    {
        Health.Enqueue(health);
        return Task.CompletedTask;
    }
}
