namespace Portal.Modbus.Meters;

/// <summary>What a register holds, independent of any meter model's address.</summary>
public enum MeterQuantity
{
    VoltageL1,
    VoltageL2,
    VoltageL3,
    CurrentL1,
    CurrentL2,
    CurrentL3,
    ActivePowerL1,
    ActivePowerL2,
    ActivePowerL3,
    ActivePowerTotal,
    Frequency,
    ImportEnergyTotal,
    ExportEnergyTotal,
    ReactiveImportEnergyTotal,
    ReactiveExportEnergyTotal,
    ActiveEnergyTotal,
    ReactiveEnergyTotal,
    ImportEnergyL1,
    ImportEnergyL2,
    ImportEnergyL3,
    ExportEnergyL1,
    ExportEnergyL2,
    ExportEnergyL3,
    ActiveEnergyL1,
    ActiveEnergyL2,
    ActiveEnergyL3,
    ReactiveImportEnergyL1,
    ReactiveImportEnergyL2,
    ReactiveImportEnergyL3,
    ReactiveExportEnergyL1,
    ReactiveExportEnergyL2,
    ReactiveExportEnergyL3,
    ReactiveEnergyL1,
    ReactiveEnergyL2,
    ReactiveEnergyL3,
}

/// <summary>One float32 quantity (two input registers, ABCD) at a zero-based PDU address.</summary>
public sealed record MeterRegister(MeterQuantity Quantity, ushort Address, string Unit)
{
    public const int Length = 2;

    public int End => Address + Length;
}

/// <summary>
/// A meter model as data: which quantities sit where, and how much one request may read.
/// Adding a model means adding one of these to <see cref="MeterModels"/>.
/// </summary>
public sealed record MeterRegisterMap(string Model, IReadOnlyList<MeterRegister> Registers, int MaxRegistersPerRead, int MaxGapToReadThrough)
{
    public MeterRegister? Find(MeterQuantity quantity) => Registers.FirstOrDefault(r => r.Quantity == quantity);
}
