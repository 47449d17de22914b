namespace Portal.Modbus.Meters;

/// <summary>Reads one meter: the planned blocks in order, then one decode. Blocks are planned once per map.</summary>
public sealed class MeterReader(MeterRegisterMap map)
{
    private readonly IReadOnlyList<RegisterBlock> _plan = ReadPlanner.Plan(map);

    public MeterRegisterMap Map => map;

    public IReadOnlyList<RegisterBlock> Plan => _plan;

    public async Task<MeterReading> ReadAsync(
        IModbusTransport transport, string meterId, byte unitId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        var blocks = new List<(RegisterBlock, ushort[])>(_plan.Count);
        foreach (var block in _plan)
        {
            var registers = await transport.ReadInputRegistersAsync(unitId, block.Start, block.Count, cancellationToken);
            blocks.Add((block, registers));
        }

        return MeterDecoder.Decode(meterId, map, time.GetUtcNow(), blocks);
    }
}
