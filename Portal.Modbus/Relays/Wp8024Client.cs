namespace Portal.Modbus.Relays;

/// <summary>
/// The Wellpro WP8024ADAM relay module over any <see cref="IModbusTransport"/> (PROTOCOLS.md section 2):
/// relays RY1-RY4 are coils 0x0000-0x0003 (FC05 0xFF00 on / 0x0000 off, FC0F all four with bit0 = RY1,
/// FC01 reads them back); the 8 inputs DI_01-DI_08 are discrete inputs 0x0000-0x0007 (FC02, 1 = active).
/// Coil and input numbers here are 0-based (coil 0 = RY1).
/// </summary>
public static class Wp8024Client
{
    public const string Model = "WP8024";
    public const int RelayCount = 4;
    public const int InputCount = 8;

    /// <summary>The model names a configuration may use for this module.</summary>
    public static bool IsModel(string? model) =>
        string.Equals(model, Model, StringComparison.OrdinalIgnoreCase) || string.Equals(model, Model + "ADAM", StringComparison.OrdinalIgnoreCase);

    /// <summary>FC05 on one relay.</summary>
    public static Task SetRelayAsync(IModbusTransport transport, byte unitId, int coil, bool on, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfNegative(coil);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(coil, RelayCount);
        return transport.WriteCoilAsync(unitId, (ushort)coil, on, cancellationToken);
    }

    /// <summary>FC0F on all four relays in one frame; <paramref name="relays"/>[0] is RY1.</summary>
    public static Task SetAllRelaysAsync(IModbusTransport transport, byte unitId, IReadOnlyList<bool> relays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(relays);
        if (relays.Count != RelayCount)
        {
            throw new ArgumentException($"A WP8024 has {RelayCount} relays, not {relays.Count}.", nameof(relays));
        }

        return transport.WriteCoilsAsync(unitId, 0, relays, cancellationToken);
    }

    /// <summary>FC01 coils 0-3: the relays as the module holds them.</summary>
    public static Task<bool[]> ReadRelaysAsync(IModbusTransport transport, byte unitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return transport.ReadCoilsAsync(unitId, 0, RelayCount, cancellationToken);
    }

    /// <summary>FC02 inputs 0-7 (one byte on the wire, bit0 = DI_01); true = input active.</summary>
    public static Task<bool[]> ReadInputsAsync(IModbusTransport transport, byte unitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return transport.ReadDiscreteInputsAsync(unitId, 0, InputCount, cancellationToken);
    }
}
