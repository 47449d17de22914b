namespace Portal.Modbus;

/// <summary>
/// The one thing polling needs from a bus, so planning, decoding and back-off run against fakes.
/// Implementations enforce the response timeout and throw the <see cref="ModbusException"/> family.
/// </summary>
public interface IModbusTransport : IDisposable
{
    Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken);
}

/// <summary>
/// libmodbus behind <see cref="IModbusTransport"/>. libmodbus blocks, so each request runs on the
/// thread pool; the owner serialises requests per bus, which keeps at most one blocked thread per bus.
/// </summary>
public sealed class LibModbusTransport(ModbusConnection connection) : IModbusTransport
{
    public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
        Task.Run(() => connection.ReadInputRegisters(unitId, address, count), cancellationToken);

    public void Dispose() => connection.Dispose();
}
