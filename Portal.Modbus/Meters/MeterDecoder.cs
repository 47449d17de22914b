namespace Portal.Modbus.Meters;

/// <summary>Turns the raw blocks of one poll into a <see cref="MeterReading"/>; no I/O.</summary>
public static class MeterDecoder
{
    /// <summary>Every quantity of the map that the blocks cover, as float32 (NaN kept: the caller decides).</summary>
    public static IReadOnlyDictionary<MeterQuantity, float> DecodeValues(
        MeterRegisterMap map, IReadOnlyList<(RegisterBlock Block, ushort[] Registers)> blocks)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(blocks);
        var values = new Dictionary<MeterQuantity, float>();
        foreach (var (block, registers) in blocks)
        {
            if (registers.Length != block.Count)
            {
                throw new ArgumentException($"Block {block} came back with {registers.Length} registers.", nameof(blocks));
            }

            foreach (var register in map.Registers.Where(block.Covers))
            {
                values[register.Quantity] = RegisterWords.ToFloat32(registers, register.Address - block.Start);
            }
        }

        return values;
    }

    public static MeterReading Decode(
        string meterId, MeterRegisterMap map, DateTimeOffset readAt, IReadOnlyList<(RegisterBlock Block, ushort[] Registers)> blocks)
    {
        var values = DecodeValues(map, blocks);
        double? Measured(MeterQuantity q) => values.TryGetValue(q, out var v) && float.IsFinite(v) ? v : null;

        // A kWh counter is never negative; a negative or non-finite one is a bad read, not energy.
        decimal? Energy(MeterQuantity q) =>
            values.TryGetValue(q, out var v) && float.IsFinite(v) && v >= 0 ? Math.Round((decimal)(double)v, 3) : null;

        PhaseValues<double?> Phases(MeterQuantity l1, MeterQuantity l2, MeterQuantity l3) => new(Measured(l1), Measured(l2), Measured(l3));
        PhaseValues<decimal?> EnergyPhases(MeterQuantity l1, MeterQuantity l2, MeterQuantity l3) => new(Energy(l1), Energy(l2), Energy(l3));

        return new MeterReading(
            meterId,
            map.Model,
            readAt,
            Phases(MeterQuantity.VoltageL1, MeterQuantity.VoltageL2, MeterQuantity.VoltageL3),
            Phases(MeterQuantity.CurrentL1, MeterQuantity.CurrentL2, MeterQuantity.CurrentL3),
            Phases(MeterQuantity.ActivePowerL1, MeterQuantity.ActivePowerL2, MeterQuantity.ActivePowerL3),
            Measured(MeterQuantity.ActivePowerTotal),
            Measured(MeterQuantity.Frequency),
            Energy(MeterQuantity.ImportEnergyTotal),
            Energy(MeterQuantity.ExportEnergyTotal),
            EnergyPhases(MeterQuantity.ImportEnergyL1, MeterQuantity.ImportEnergyL2, MeterQuantity.ImportEnergyL3),
            EnergyPhases(MeterQuantity.ExportEnergyL1, MeterQuantity.ExportEnergyL2, MeterQuantity.ExportEnergyL3));
    }
}
