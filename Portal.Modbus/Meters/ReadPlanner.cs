namespace Portal.Modbus.Meters;

/// <summary>One FC04 request: <see cref="Count"/> registers from <see cref="Start"/>.</summary>
public readonly record struct RegisterBlock(ushort Start, ushort Count)
{
    public int End => Start + Count;

    public bool Covers(MeterRegister register) => register.Address >= Start && register.End <= End;

    public override string ToString() => $"0x{Start:X4}-0x{End - 1:X4} ({Count})";
}

/// <summary>
/// Groups a map's registers into as few reads as the meter allows. At 9600 baud a request costs
/// about 25 ms plus turnaround while one more register costs about 2 ms (PROTOCOLS.md 3.4), so
/// small gaps are read through instead of starting a new request.
/// </summary>
public static class ReadPlanner
{
    public static IReadOnlyList<RegisterBlock> Plan(MeterRegisterMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var blocks = new List<RegisterBlock>();
        int? start = null;
        var end = 0;
        foreach (var register in map.Registers.OrderBy(r => r.Address))
        {
            if (register.End - register.Address > map.MaxRegistersPerRead)
            {
                throw new ArgumentException($"{register.Quantity} does not fit in one read of {map.MaxRegistersPerRead} registers.", nameof(map));
            }

            var fitsCurrent = start is { } s
                && register.Address - end <= map.MaxGapToReadThrough
                && Math.Max(end, register.End) - s <= map.MaxRegistersPerRead;
            if (fitsCurrent)
            {
                end = Math.Max(end, register.End);
                continue;
            }

            if (start is { } previous)
            {
                blocks.Add(new RegisterBlock((ushort)previous, (ushort)(end - previous)));
            }

            start = register.Address;
            end = register.End;
        }

        if (start is { } last)
        {
            blocks.Add(new RegisterBlock((ushort)last, (ushort)(end - last)));
        }

        return blocks;
    }
}
