namespace Portal.Modbus;

/// <summary>Base of everything the Modbus layer throws, so callers can catch one type per bus.</summary>
public abstract class ModbusException : Exception
{
    protected ModbusException(string message) : base(message) { }
    protected ModbusException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The device answered with a Modbus exception PDU (function code + 0x80); it is alive but refused.</summary>
public sealed class ModbusExceptionReply : ModbusException
{
    public ModbusExceptionReply(byte unitId, ModbusExceptionCode code)
        : base($"Unit {unitId} answered with Modbus exception 0x{(byte)code:X2} ({code}).")
    {
        UnitId = unitId;
        Code = code;
    }

    public byte UnitId { get; }

    public ModbusExceptionCode Code { get; }
}

/// <summary>No (complete) answer within the response timeout: the device is silent, absent or the bus is broken.</summary>
public sealed class ModbusTimeoutException : ModbusException
{
    public ModbusTimeoutException(string message) : base(message) { }
}

/// <summary>Connection, framing, CRC or protocol failure: the link must be re-established before trusting it again.</summary>
public sealed class ModbusTransportException : ModbusException
{
    public ModbusTransportException(string message, int errorNumber = 0) : base(message) => ErrorNumber = errorNumber;

    public ModbusTransportException(string message, Exception inner) : base(message, inner) { }

    /// <summary>errno or libmodbus error number, 0 when the failure did not come from libmodbus.</summary>
    public int ErrorNumber { get; }
}

/// <summary>Exception codes of the Modbus application protocol (PROTOCOLS.md 3.2).</summary>
public enum ModbusExceptionCode : byte
{
    IllegalFunction = 0x01,
    IllegalDataAddress = 0x02,
    IllegalDataValue = 0x03,
    ServerDeviceFailure = 0x04,
    Acknowledge = 0x05,
    ServerBusy = 0x06,
    NegativeAcknowledge = 0x07,
    MemoryParityError = 0x08,
    GatewayPathUnavailable = 0x0A,
    GatewayTargetFailedToRespond = 0x0B,
}
