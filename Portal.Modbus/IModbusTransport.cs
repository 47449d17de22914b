namespace Portal.Modbus;

/// <summary>
/// The one thing polling needs from a bus, so planning, decoding and back-off run against fakes.
/// Implementations enforce the response timeout and throw the <see cref="ModbusException"/> family.
/// </summary>
public interface IModbusTransport : IDisposable
{
    Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken);

    /// <summary>FC01.</summary>
    Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken);

    /// <summary>FC02.</summary>
    Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken);

    /// <summary>FC05.</summary>
    Task WriteCoilAsync(byte unitId, ushort address, bool on, CancellationToken cancellationToken);

    /// <summary>FC15.</summary>
    Task WriteCoilsAsync(byte unitId, ushort address, IReadOnlyList<bool> values, CancellationToken cancellationToken);
}

/// <summary>
/// libmodbus behind <see cref="IModbusTransport"/>. libmodbus blocks, so each request runs on the
/// thread pool; the owner serialises requests per bus, which keeps at most one blocked thread per bus.
/// </summary>
public sealed class LibModbusTransport(ModbusConnection connection) : IModbusTransport
{
    public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        Task.Run(() => connection.ReadInputRegisters(unitId, address, count), cancellationToken);

    public Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        Task.Run(() => connection.ReadCoils(unitId, address, count), cancellationToken);

    public Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        Task.Run(() => connection.ReadDiscreteInputs(unitId, address, count), cancellationToken);

    public Task WriteCoilAsync(byte unitId, ushort address, bool on, CancellationToken cancellationToken) =>
        Task.Run(() => connection.WriteCoil(unitId, address, on), cancellationToken);

    public Task WriteCoilsAsync(byte unitId, ushort address, IReadOnlyList<bool> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        return Task.Run(() => connection.WriteCoils(unitId, address, copy), cancellationToken);
    }

    public void Dispose() => connection.Dispose();
}
