namespace Portal.Modbus.Meters;

/// <summary>A value per phase.</summary>
public readonly record struct PhaseValues<T>(T L1, T L2, T L3);

/// <summary>
/// What one poll of one meter saw. Instantaneous values are doubles (null when the meter sent NaN
/// or the model lacks the quantity); energy registers are decimal kWh, rounded to the Wh, because
/// billing sums them. Power is signed as the meter counts it: positive import, negative export.
/// </summary>
public sealed record MeterReading(
    string MeterId,
    string Model,
    DateTimeOffset ReadAt,
    PhaseValues<double?> Voltage,
    PhaseValues<double?> Current,
    PhaseValues<double?> ActivePower,
    double? ActivePowerTotal,
    double? Frequency,
    decimal? ImportEnergyKWh,
    decimal? ExportEnergyKWh,
    PhaseValues<decimal?> ImportEnergyKWhPerPhase,
    PhaseValues<decimal?> ExportEnergyKWhPerPhase);
