using System.Runtime.InteropServices;
using Portal.Modbus.Native;

namespace Portal.Modbus;

/// <summary>
/// One libmodbus client context on one bus. Connects lazily and again after a transport
/// failure, so its owner (one polling loop per bus) never handles reconnection itself.
/// Calls are serialised: libmodbus contexts are not documented as thread-safe (PROTOCOLS.md 4.1).
/// </summary>
public sealed unsafe class ModbusConnection : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ModbusEndpoint _endpoint;
    private readonly TimeSpan _responseTimeout;
    private nint _context;
    private bool _connected;
    private bool _disposed;

    public ModbusConnection(ModbusEndpoint endpoint, TimeSpan responseTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (responseTimeout <= TimeSpan.Zero || responseTimeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(responseTimeout), "Use a response timeout between 1 ms and 1 minute.");
        }

        _endpoint = endpoint;
        _responseTimeout = responseTimeout;
    }

    public ModbusEndpoint Endpoint => _endpoint;

    public TimeSpan ResponseTimeout => _responseTimeout;

    /// <summary>Opens the link now; otherwise the first request does.</summary>
    public void Connect()
    {
        lock (_gate)
        {
            EnsureConnected();
        }
    }

    /// <summary>FC04, for meter measurements.</summary>
    public ushort[] ReadInputRegisters(byte unitId, ushort address, ushort count) =>
        ReadRegisters(unitId, address, count, input: true);

    /// <summary>FC03, for configuration parameters.</summary>
    public ushort[] ReadHoldingRegisters(byte unitId, ushort address, ushort count) =>
        ReadRegisters(unitId, address, count, input: false);

    /// <summary>FC06.</summary>
    public void WriteRegister(byte unitId, ushort address, ushort value) =>
        Execute(unitId, $"write register 0x{address:X4}", ctx => LibModbus.modbus_write_register(ctx, address, value));

    /// <summary>FC16; Eastron accepts only this for holding registers (PROTOCOLS.md 1.3).</summary>
    public void WriteRegisters(byte unitId, ushort address, ReadOnlySpan<ushort> values)
    {
        var copy = values.ToArray();
        Execute(unitId, $"write {copy.Length} registers at 0x{address:X4}", ctx =>
        {
            fixed (ushort* source = copy)
            {
                return LibModbus.modbus_write_registers(ctx, address, copy.Length, source);
            }
        });
    }

    /// <summary>FC05, e.g. a relay.</summary>
    public void WriteCoil(byte unitId, ushort address, bool on) =>
        Execute(unitId, $"write coil 0x{address:X4}", ctx => LibModbus.modbus_write_bit(ctx, address, on ? 1 : 0));

    /// <summary>FC01.</summary>
    public bool[] ReadCoils(byte unitId, ushort address, ushort count) => ReadBits(unitId, address, count, input: false);

    /// <summary>FC15, e.g. all relays of a module at once.</summary>
    public void WriteCoils(byte unitId, ushort address, ReadOnlySpan<bool> values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Length, 1968);
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i] = values[i] ? (byte)1 : (byte)0;
        }

        Execute(unitId, $"write {bytes.Length} coils at 0x{address:X4}", ctx =>
        {
            fixed (byte* source = bytes)
            {
                return LibModbus.modbus_write_bits(ctx, address, bytes.Length, source);
            }
        });
    }

    /// <summary>FC02, e.g. the inputs of a relay module.</summary>
    public bool[] ReadDiscreteInputs(byte unitId, ushort address, ushort count) => ReadBits(unitId, address, count, input: true);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Release();
        }
    }

    private ushort[] ReadRegisters(byte unitId, ushort address, ushort count, bool input)
    {
        ArgumentOutOfRangeException.ThrowIfZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, (ushort)125);
        var buffer = new ushort[count];
        var what = $"read {count} {(input ? "input" : "holding")} registers at 0x{address:X4}";
        Execute(unitId, what, ctx =>
        {
            fixed (ushort* destination = buffer)
            {
                return input
                    ? LibModbus.modbus_read_input_registers(ctx, address, count, destination)
                    : LibModbus.modbus_read_registers(ctx, address, count, destination);
            }
        });
        return buffer;
    }

    private bool[] ReadBits(byte unitId, ushort address, ushort count, bool input)
    {
        ArgumentOutOfRangeException.ThrowIfZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, (ushort)2000);
        var buffer = new byte[count];
        Execute(unitId, $"read {count} {(input ? "discrete inputs" : "coils")} at 0x{address:X4}", ctx =>
        {
            fixed (byte* destination = buffer)
            {
                return input
                    ? LibModbus.modbus_read_input_bits(ctx, address, count, destination)
                    : LibModbus.modbus_read_bits(ctx, address, count, destination);
            }
        });
        return Array.ConvertAll(buffer, b => b != 0);
    }

    private void Execute(byte unitId, string what, Func<nint, int> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureConnected();
            if (LibModbus.modbus_set_slave(_context, unitId) == -1)
            {
                throw new ArgumentOutOfRangeException(nameof(unitId), unitId, "libmodbus refused this unit id.");
            }

            if (call(_context) != -1)
            {
                return;
            }

            var error = Marshal.GetLastPInvokeError();
            throw Classify(unitId, what, error);
        }
    }

    private ModbusException Classify(byte unitId, string what, int error)
    {
        var code = error - LibModbus.ErrorBase;
        if (code is >= 0x01 and <= 0x0B)
        {
            return new ModbusExceptionReply(unitId, (ModbusExceptionCode)code);
        }

        if (error == LibModbus.TimedOut)
        {
            // Drop a late answer so it cannot be taken for the reply to the next request.
            _ = LibModbus.modbus_flush(_context);
            return new ModbusTimeoutException(
                $"Unit {unitId} on {_endpoint} did not answer ({what}) within {_responseTimeout.TotalMilliseconds:0} ms.");
        }

        // Bad CRC, garbled frame, reset connection: the byte stream is no longer trustworthy.
        Disconnect();
        return new ModbusTransportException(
            $"Unit {unitId} on {_endpoint}: {what} failed: {LibModbus.Describe(error)}.", error);
    }

    private void EnsureConnected()
    {
        if (_connected)
        {
            return;
        }

        if (_context == 0)
        {
            _context = Create(_endpoint);
            var seconds = (uint)_responseTimeout.TotalSeconds;
            var micros = (uint)(_responseTimeout - TimeSpan.FromSeconds(seconds)).TotalMicroseconds;
            _ = LibModbus.modbus_set_response_timeout(_context, seconds, micros);
        }

        if (LibModbus.modbus_connect(_context) == -1)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new ModbusTransportException($"Cannot connect to {_endpoint}: {LibModbus.Describe(error)}.", error);
        }

        // The RS-485 ioctl works on the open file descriptor, so it can only follow the connect.
        if (_endpoint is RtuEndpoint { Rs485: true } rtu && LibModbus.modbus_rtu_set_serial_mode(_context, LibModbus.RtuRs485) == -1)
        {
            var error = Marshal.GetLastPInvokeError();
            LibModbus.modbus_close(_context);
            throw new ModbusTransportException(
                $"{rtu.Device} refused RS-485 mode ({LibModbus.Describe(error)}). Adapters with automatic direction control need none: turn RS-485 mode off for this bus.",
                error);
        }

        _connected = true;
    }

    private static nint Create(ModbusEndpoint endpoint)
    {
        nint context;
        switch (endpoint)
        {
            case TcpEndpoint tcp:
                // The protocol-independent client resolves the name and tries each address (IPv6 and IPv4) in turn.
                context = LibModbus.modbus_new_tcp_pi(tcp.Host.Trim('[', ']'), tcp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case RtuEndpoint rtu:
                var parity = rtu.Parity switch
                {
                    SerialParity.Even => (byte)'E',
                    SerialParity.Odd => (byte)'O',
                    _ => (byte)'N',
                };
                context = LibModbus.modbus_new_rtu(rtu.Device, rtu.Baud, parity, rtu.DataBits, rtu.StopBits);
                break;
            default:
                throw new ArgumentException($"Unsupported endpoint {endpoint}.", nameof(endpoint));
        }

        if (context == 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new ModbusTransportException($"Cannot create a Modbus context for {endpoint}: {LibModbus.Describe(error)}.", error);
        }

        return context;
    }

    private void Disconnect()
    {
        if (_connected)
        {
            LibModbus.modbus_close(_context);
            _connected = false;
        }
    }

    private void Release()
    {
        Disconnect();
        if (_context != 0)
        {
            LibModbus.modbus_free(_context);
            _context = 0;
        }
    }
}
