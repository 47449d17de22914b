namespace Portal.Modbus;

/// <summary>
/// Float32 in two registers, high word first (ABCD), as Eastron meters send it.
/// Done by hand because Debian's libmodbus float helpers are inconsistent (PROTOCOLS.md 4.3).
/// </summary>
public static class RegisterWords
{
    public static float ToFloat32(ushort high, ushort low) =>
        BitConverter.UInt32BitsToSingle(((uint)high << 16) | low);

    public static float ToFloat32(ReadOnlySpan<ushort> registers, int offset = 0) =>
        ToFloat32(registers[offset], registers[offset + 1]);

    public static void WriteFloat32(float value, Span<ushort> destination, int offset = 0)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        destination[offset] = (ushort)(bits >> 16);
        destination[offset + 1] = (ushort)(bits & 0xFFFF);
    }
}
