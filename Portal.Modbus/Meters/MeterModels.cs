namespace Portal.Modbus.Meters;

/// <summary>Register maps of the meters the platform reads (PROTOCOLS.md 1.2).</summary>
public static class MeterModels
{
    /// <summary>
    /// Eastron SDM630 (direct, up to 100 A): input registers, FC04, float32 ABCD, at most 80 registers
    /// per request. The gap of 34 registers (apparent/reactive power, power factors) before total power
    /// is read through: one request fewer per poll, and every address there is implemented.
    /// </summary>
    public static MeterRegisterMap Sdm630 { get; } = new("SDM630", EastronSdm630Registers(), MaxRegistersPerRead: 80, MaxGapToReadThrough: 40);

    /// <summary>The CT-connected SDM630MCT serves the same table; only its meter code differs.</summary>
    public static MeterRegisterMap Sdm630Mct { get; } = Sdm630 with { Model = "SDM630MCT" };

    public static IReadOnlyList<MeterRegisterMap> All { get; } = [Sdm630, Sdm630Mct];

    /// <summary>Finds a map by model name, ignoring case; null for a model nobody has described yet.</summary>
    public static MeterRegisterMap? Find(string model) =>
        All.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase));

    private static MeterRegister[] EastronSdm630Registers() =>
    [
        new(MeterQuantity.VoltageL1, 0x0000, "V"),
        new(MeterQuantity.VoltageL2, 0x0002, "V"),
        new(MeterQuantity.VoltageL3, 0x0004, "V"),
        new(MeterQuantity.CurrentL1, 0x0006, "A"),
        new(MeterQuantity.CurrentL2, 0x0008, "A"),
        new(MeterQuantity.CurrentL3, 0x000A, "A"),
        new(MeterQuantity.ActivePowerL1, 0x000C, "W"),
        new(MeterQuantity.ActivePowerL2, 0x000E, "W"),
        new(MeterQuantity.ActivePowerL3, 0x0010, "W"),
        new(MeterQuantity.ActivePowerTotal, 0x0034, "W"),
        new(MeterQuantity.Frequency, 0x0046, "Hz"),
        new(MeterQuantity.ImportEnergyTotal, 0x0048, "kWh"),
        new(MeterQuantity.ExportEnergyTotal, 0x004A, "kWh"),
        new(MeterQuantity.ReactiveImportEnergyTotal, 0x004C, "kvarh"),
        new(MeterQuantity.ReactiveExportEnergyTotal, 0x004E, "kvarh"),
        new(MeterQuantity.ActiveEnergyTotal, 0x0156, "kWh"),
        new(MeterQuantity.ReactiveEnergyTotal, 0x0158, "kvarh"),
        new(MeterQuantity.ImportEnergyL1, 0x015A, "kWh"),
        new(MeterQuantity.ImportEnergyL2, 0x015C, "kWh"),
        new(MeterQuantity.ImportEnergyL3, 0x015E, "kWh"),
        new(MeterQuantity.ExportEnergyL1, 0x0160, "kWh"),
        new(MeterQuantity.ExportEnergyL2, 0x0162, "kWh"),
        new(MeterQuantity.ExportEnergyL3, 0x0164, "kWh"),
        new(MeterQuantity.ActiveEnergyL1, 0x0166, "kWh"),
        new(MeterQuantity.ActiveEnergyL2, 0x0168, "kWh"),
        new(MeterQuantity.ActiveEnergyL3, 0x016A, "kWh"),
        new(MeterQuantity.ReactiveImportEnergyL1, 0x016C, "kvarh"),
        new(MeterQuantity.ReactiveImportEnergyL2, 0x016E, "kvarh"),
        new(MeterQuantity.ReactiveImportEnergyL3, 0x0170, "kvarh"),
        new(MeterQuantity.ReactiveExportEnergyL1, 0x0172, "kvarh"),
        new(MeterQuantity.ReactiveExportEnergyL2, 0x0174, "kvarh"),
        new(MeterQuantity.ReactiveExportEnergyL3, 0x0176, "kvarh"),
        new(MeterQuantity.ReactiveEnergyL1, 0x0178, "kvarh"),
        new(MeterQuantity.ReactiveEnergyL2, 0x017A, "kvarh"),
        new(MeterQuantity.ReactiveEnergyL3, 0x017C, "kvarh"),
    ];
}
