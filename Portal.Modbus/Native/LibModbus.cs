using System.Runtime.InteropServices;

namespace Portal.Modbus.Native;

/// <summary>
/// The slice of libmodbus 3.1.6 (Debian libmodbus5) the gateway and the simulator use.
/// Every call that can fail sets errno; SetLastError makes the marshaller capture it before
/// another runtime call can overwrite it.
/// </summary>
internal static unsafe partial class LibModbus
{
    private const string Library = "libmodbus.so.5";

    public const int RtuRs232 = 0;
    public const int RtuRs485 = 1;

    /// <summary>libmodbus error numbers start here; exception replies are base + code (PROTOCOLS.md 3.2).</summary>
    public const int ErrorBase = 112345678;
    public const int ExceptionGatewayTarget = 0x0B;
    public const int BadCrc = ErrorBase + 12;
    public const int BadData = ErrorBase + 13;
    public const int BadException = ErrorBase + 14;
    public const int MoreData = ErrorBase + 16;
    public const int BadSlave = ErrorBase + 17;
    public const int TimedOut = 110; // Linux ETIMEDOUT

    public const int TcpMaxAduLength = 260;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint modbus_new_tcp(string ipAddress, int port);

    /// <summary>Protocol-independent TCP: node is an IPv4 or IPv6 address or a host name, service the port.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint modbus_new_tcp_pi(string node, string service);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint modbus_new_rtu(string device, int baud, byte parity, int dataBits, int stopBits);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_rtu_set_serial_mode(nint ctx, int mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_set_slave(nint ctx, int slave);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_connect(nint ctx);

    [LibraryImport(Library)]
    public static partial void modbus_close(nint ctx);

    [LibraryImport(Library)]
    public static partial void modbus_free(nint ctx);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_flush(nint ctx);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_set_response_timeout(nint ctx, uint seconds, uint microseconds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_set_byte_timeout(nint ctx, uint seconds, uint microseconds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_set_indication_timeout(nint ctx, uint seconds, uint microseconds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_read_input_registers(nint ctx, int address, int count, ushort* destination);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_read_registers(nint ctx, int address, int count, ushort* destination);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_write_register(nint ctx, int address, ushort value);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_write_registers(nint ctx, int address, int count, ushort* values);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_write_bit(nint ctx, int address, int status);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_read_bits(nint ctx, int address, int count, byte* destination);

    /// <summary>FC15; one byte per coil in <paramref name="values"/>.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_write_bits(nint ctx, int address, int count, byte* values);

    /// <summary>FC02; one byte per input in <paramref name="destination"/>.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_read_input_bits(nint ctx, int address, int count, byte* destination);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_tcp_listen(nint ctx, int backlog);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_tcp_accept(nint ctx, int* listeningSocket);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_set_socket(nint ctx, int socket);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_receive(nint ctx, byte* request);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_reply(nint ctx, byte* request, int requestLength, ModbusMapping* mapping);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int modbus_reply_exception(nint ctx, byte* request, uint exceptionCode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial ModbusMapping* modbus_mapping_new(int bits, int inputBits, int registers, int inputRegisters);

    [LibraryImport(Library)]
    public static partial void modbus_mapping_free(ModbusMapping* mapping);

    [LibraryImport(Library)]
    private static partial byte* modbus_strerror(int errorNumber);

    /// <summary>Text for an errno or libmodbus error number; the string is static in the library.</summary>
    public static string Describe(int errorNumber) =>
        Marshal.PtrToStringUTF8((nint)modbus_strerror(errorNumber)) ?? $"error {errorNumber}";
}

/// <summary>modbus_mapping_t of libmodbus 3.1.x, read and filled by the simulator.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ModbusMapping
{
    public int BitCount;
    public int BitStart;
    public int InputBitCount;
    public int InputBitStart;
    public int InputRegisterCount;
    public int InputRegisterStart;
    public int RegisterCount;
    public int RegisterStart;
    public byte* Bits;
    public byte* InputBits;
    public ushort* InputRegisters;
    public ushort* Registers;
}

/// <summary>The few socket calls libmodbus leaves to its caller (closing a listener, raw replies).</summary>
internal static unsafe partial class LibC
{
    public const int ShutReadWrite = 2;
    public const int MsgNoSignal = 0x4000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int shutdown(int socket, int how);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockname(int socket, byte* address, int* addressLength);
}
