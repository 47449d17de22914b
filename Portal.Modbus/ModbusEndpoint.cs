namespace Portal.Modbus;

public enum SerialParity
{
    None,
    Even,
    Odd,
}

/// <summary>Where a bus is reached: a Modbus TCP (RS-485-Ethernet converter) or a local serial line.</summary>
public abstract record ModbusEndpoint;

/// <summary>Modbus TCP; Host must resolve to IPv4 because libmodbus 3.1.6's TCP client takes a dotted quad.</summary>
public sealed record TcpEndpoint(string Host, int Port = 502) : ModbusEndpoint
{
    public override string ToString() => $"tcp://{Host}:{Port}";
}

/// <summary>Modbus RTU on a serial device. Eastron meters default to 9600 8N1 (PROTOCOLS.md 0.1).</summary>
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
