using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Portal.Modbus.Native;

namespace Portal.Modbus.Server;

/// <summary>One request as the server received it: enough for its owner to answer and to log the order of traffic.</summary>
public readonly record struct ModbusRequest(byte UnitId, byte FunctionCode, ushort Address);

/// <summary>Coils written by one FC05 or FC0F request: <see cref="Values"/> from <see cref="Address"/> on.</summary>
public readonly record struct CoilWrite(ushort Address, bool[] Values);

/// <summary>What the server should do with one request, decided per unit id by its owner.</summary>
public readonly record struct ModbusServerAnswer(
    ModbusServerAnswerKind Kind, ushort[]? InputRegisters = null, ushort[]? HoldingRegisters = null, ModbusExceptionCode Exception = 0)
{
    /// <summary>Answer from these tables (from address 0); libmodbus replies 0x02 beyond them.</summary>
    public static ModbusServerAnswer FromTables(ushort[] inputRegisters, ushort[] holdingRegisters) =>
        new(ModbusServerAnswerKind.Registers, inputRegisters, holdingRegisters);

    /// <summary>
    /// Answer FC01/FC05/FC0F from <paramref name="coils"/> and FC02 from <paramref name="discreteInputs"/> (from
    /// address 0; libmodbus replies 0x02 beyond them and 0x03 to an FC05 value other than 0xFF00/0x0000). A valid
    /// write is handed to <paramref name="written"/>; registers are not served (0x02).
    /// </summary>
    public static ModbusServerAnswer FromBits(bool[] coils, bool[] discreteInputs, Action<CoilWrite> written) =>
        new(ModbusServerAnswerKind.Registers) { Coils = coils, DiscreteInputs = discreteInputs, CoilsWritten = written };

    public static ModbusServerAnswer Silence { get; } = new(ModbusServerAnswerKind.Silence);

    public static ModbusServerAnswer Garbled { get; } = new(ModbusServerAnswerKind.Garbled);

    public static ModbusServerAnswer Refuse(ModbusExceptionCode code) => new(ModbusServerAnswerKind.Exception, Exception: code);

    public bool[]? Coils { get; init; }

    public bool[]? DiscreteInputs { get; init; }

    public Action<CoilWrite>? CoilsWritten { get; init; }
}

public enum ModbusServerAnswerKind
{
    Registers,
    Silence,
    Exception,
    Garbled,
}

/// <summary>
/// A Modbus TCP server on 127.0.0.1 built on libmodbus's server API, asking its owner how to answer
/// each request by the unit id in the MBAP header, so one port can stand for a whole RS-485 segment
/// behind a converter. One thread per client connection: libmodbus blocks, and a converter rarely
/// has more than a few clients.
/// </summary>
public sealed unsafe class ModbusTcpServer : IDisposable
{
    public const int InputRegisterCount = 0x0200;
    public const int HoldingRegisterCount = 0x0040;

    /// <summary>Coils and discrete inputs a unit can expose (a WP8024 needs 4 and 8).</summary>
    public const int BitCount = 0x0040;

    private const byte WriteSingleCoil = 0x05;
    private const byte WriteMultipleCoils = 0x0F;

    private readonly Func<ModbusRequest, ModbusServerAnswer> _answer;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _clientSockets = [];
    private readonly List<Thread> _threads = [];
    private nint _listenContext;
    private int _listenSocket = -1;
    private Thread? _acceptThread;
    private volatile bool _stopping;

    /// <param name="answer">Called on a server thread for each request with its unit id; must be thread-safe.</param>
    public ModbusTcpServer(Func<byte, ModbusServerAnswer> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _answer = request => answer(request.UnitId);
    }

    /// <param name="answer">Called on a server thread for each request; must be thread-safe.</param>
    public ModbusTcpServer(Func<ModbusRequest, ModbusServerAnswer> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _answer = answer;
    }

    /// <summary>The TCP port actually bound (useful when started with 0).</summary>
    public int TcpPort { get; private set; }

    /// <summary>Binds 127.0.0.1:<paramref name="tcpPort"/> (0 = any free port) and starts accepting.</summary>
    public void Start(int tcpPort = 0)
    {
        if (_acceptThread is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _listenContext = LibModbus.modbus_new_tcp("127.0.0.1", tcpPort);
        if (_listenContext == 0)
        {
            throw new ModbusTransportException("Cannot create the libmodbus server context.", Marshal.GetLastPInvokeError());
        }

        _listenSocket = LibModbus.modbus_tcp_listen(_listenContext, 16);
        if (_listenSocket == -1)
        {
            var error = Marshal.GetLastPInvokeError();
            LibModbus.modbus_free(_listenContext);
            _listenContext = 0;
            throw new ModbusTransportException($"Cannot listen on 127.0.0.1:{tcpPort}: {LibModbus.Describe(error)}.", error);
        }

        TcpPort = BoundPort(_listenSocket);
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"modbus-server:{TcpPort} accept" };
        _acceptThread.Start();
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        if (_listenSocket != -1)
        {
            // shutdown() wakes a thread blocked in accept(); close() alone does not on Linux.
            _ = LibC.shutdown(_listenSocket, LibC.ShutReadWrite);
        }

        lock (_gate)
        {
            foreach (var socket in _clientSockets)
            {
                _ = LibC.shutdown(socket, LibC.ShutReadWrite);
            }
        }

        _acceptThread?.Join(TimeSpan.FromSeconds(5));
        Thread[] threads;
        lock (_gate)
        {
            threads = [.. _threads];
        }

        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        if (_listenSocket != -1)
        {
            _ = LibC.close(_listenSocket);
            _listenSocket = -1;
        }

        if (_listenContext != 0)
        {
            LibModbus.modbus_free(_listenContext);
            _listenContext = 0;
        }
    }

    private void AcceptLoop()
    {
        var listenSocket = _listenSocket;
        while (!_stopping)
        {
            var client = LibModbus.modbus_tcp_accept(_listenContext, &listenSocket);
            if (client == -1)
            {
                if (_stopping)
                {
                    return;
                }

                Thread.Sleep(10);
                continue;
            }

            // modbus_tcp_accept stores the client in the listening context; the client belongs to its own thread.
            _ = LibModbus.modbus_set_socket(_listenContext, -1);
            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = $"modbus-server:{TcpPort} client {client}" };
            lock (_gate)
            {
                if (_stopping)
                {
                    _ = LibC.close(client);
                    return;
                }

                _clientSockets.Add(client);
                _threads.RemoveAll(t => !t.IsAlive);
                _threads.Add(thread);
            }

            thread.Start();
        }
    }

    private void Serve(int socket)
    {
        var context = LibModbus.modbus_new_tcp("127.0.0.1", TcpPort);
        var mapping = LibModbus.modbus_mapping_new(BitCount, BitCount, HoldingRegisterCount, InputRegisterCount);
        _ = LibModbus.modbus_set_socket(context, socket);
        var request = new byte[LibModbus.TcpMaxAduLength];
        try
        {
            fixed (byte* buffer = request)
            {
                while (!_stopping)
                {
                    var length = LibModbus.modbus_receive(context, buffer);
                    if (length == -1)
                    {
                        return; // Client gone or server stopping.
                    }

                    if (length > 7)
                    {
                        Answer(context, socket, mapping, buffer, length);
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _clientSockets.Remove(socket);
                LibModbus.modbus_close(context);
            }

            LibModbus.modbus_free(context);
            LibModbus.modbus_mapping_free(mapping);
        }
    }

    private void Answer(nint context, int socket, ModbusMapping* mapping, byte* request, int length)
    {
        var received = new ModbusRequest(request[6], request[7], BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(request + 8, 2)));
        var answer = _answer(received);
        switch (answer.Kind)
        {
            case ModbusServerAnswerKind.Silence:
                return;
            case ModbusServerAnswerKind.Exception:
                _ = LibModbus.modbus_reply_exception(context, request, (uint)answer.Exception);
                return;
            case ModbusServerAnswerKind.Garbled:
                SendGarbled(socket, request);
                return;
        }

        var input = new Span<ushort>(mapping->InputRegisters, InputRegisterCount);
        var holding = new Span<ushort>(mapping->Registers, HoldingRegisterCount);
        input.Clear();
        holding.Clear();
        answer.InputRegisters.AsSpan(0, Math.Min(InputRegisterCount, answer.InputRegisters?.Length ?? 0)).CopyTo(input);
        answer.HoldingRegisters.AsSpan(0, Math.Min(HoldingRegisterCount, answer.HoldingRegisters?.Length ?? 0)).CopyTo(holding);

        // The counts decide where libmodbus answers 0x02, so each unit exposes exactly its own tables.
        mapping->InputRegisterCount = answer.InputRegisters is null ? 0 : InputRegisterCount;
        mapping->RegisterCount = answer.HoldingRegisters is null ? 0 : HoldingRegisterCount;
        var coils = answer.Coils ?? [];
        var inputs = answer.DiscreteInputs ?? [];
        mapping->BitCount = Math.Min(BitCount, coils.Length);
        mapping->InputBitCount = Math.Min(BitCount, inputs.Length);
        for (var i = 0; i < mapping->BitCount; i++)
        {
            mapping->Bits[i] = coils[i] ? (byte)1 : (byte)0;
        }

        for (var i = 0; i < mapping->InputBitCount; i++)
        {
            mapping->InputBits[i] = inputs[i] ? (byte)1 : (byte)0;
        }

        _ = LibModbus.modbus_reply(context, request, length, mapping);
        if (answer.CoilsWritten is { } written && AcceptedCoilWrite(received, request, length, mapping->BitCount) is { } range)
        {
            var values = new bool[range.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = mapping->Bits[range.Address + i] != 0;
            }

            written(new CoilWrite(range.Address, values));
        }
    }

    /// <summary>The coils a write request changed, or null when libmodbus refused it (the same checks it makes).</summary>
    private static (ushort Address, int Count)? AcceptedCoilWrite(ModbusRequest received, byte* request, int length, int coilCount)
    {
        if (length < 12)
        {
            return null;
        }

        var word = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(request + 10, 2));
        return received.FunctionCode switch
        {
            WriteSingleCoil when received.Address < coilCount && word is 0xFF00 or 0x0000 => (received.Address, 1),
            WriteMultipleCoils when word is >= 1 and <= 1968 && received.Address + word <= coilCount => (received.Address, word),
            _ => null,
        };
    }

    /// <summary>A reply that frames correctly but carries 2 registers whatever was asked, as a confused converter might.</summary>
    private static void SendGarbled(int socket, byte* request)
    {
        Span<byte> reply = stackalloc byte[13];
        reply[0] = request[0];
        reply[1] = request[1];
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply[4..], 7);
        reply[6] = request[6];
        reply[7] = request[7];
        reply[8] = 4;
        reply[9..].Fill(0xA5);
        fixed (byte* bytes = reply)
        {
            _ = LibC.send(socket, bytes, reply.Length, LibC.MsgNoSignal);
        }
    }

    private static int BoundPort(int socket)
    {
        Span<byte> address = stackalloc byte[16];
        var length = address.Length;
        fixed (byte* bytes = address)
        {
            if (LibC.getsockname(socket, bytes, &length) == -1)
            {
                throw new ModbusTransportException("getsockname failed on the listening socket.", Marshal.GetLastPInvokeError());
            }
        }

        return BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
    }
}

