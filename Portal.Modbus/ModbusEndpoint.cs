namespace Portal.Modbus;

public enum SerialParity
{
    None,
    Even,
    Odd,
}

/// <summary>Where a bus is reached: a Modbus TCP (RS-485-Ethernet converter) or a local serial line.</summary>
public abstract record ModbusEndpoint;

/// <summary>Modbus TCP; Host is an IPv4 or IPv6 address or a host name (libmodbus modbus_new_tcp_pi).</summary>
public sealed record TcpEndpoint(string Host, int Port = 502) : ModbusEndpoint
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[')
        ? $"tcp://[{Host}]:{Port}"
        : $"tcp://{Host}:{Port}";
}

/// <summary>
/// Modbus RTU on a serial device. Eastron meters default to 9600 8N1 (PROTOCOLS.md 0.1). <paramref name="Rs485"/>
/// asks the kernel driver for RS-485 mode (direction control); adapters that switch direction themselves refuse it.
/// </summary>
public sealed record RtuEndpoint(
    string Device,
    int Baud = 9600,
    SerialParity Parity = SerialParity.None,
    int DataBits = 8,
    int StopBits = 1,
    bool Rs485 = false) : ModbusEndpoint
{
    public override string ToString() =>
        $"rtu://{Device}@{Baud}/{DataBits}{Parity.ToString()[0]}{StopBits}{(Rs485 ? "/rs485" : "")}";
}
