using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Modbus.Meters;

namespace Portal.Edge.Readings;

/// <summary>Builds the live message of a reading (pure).</summary>
public static class LiveReadings
{
    /// <summary>Null when the reading lacks what every live message carries (total power, energy registers).</summary>
    public static LiveReadingMessage? From(string gatewayId, MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (Decimal(reading.ActivePowerTotal, 1) is not { } power
            || reading.ImportEnergyKWh is not { } import || reading.ExportEnergyKWh is not { } export)
        {
            return null;
        }

        return new LiveReadingMessage(
            ContractVersion.Current, gatewayId, reading.MeterId, reading.ReadAt.ToUniversalTime(), power,
            BoundarySnapshots.ToWh(import), BoundarySnapshots.ToWh(export),
            Phases(reading.Voltage, 1), Phases(reading.Current, 3), Phases(reading.ActivePower, 1),
            Decimal(reading.Frequency, 2));
    }

    // Rounded to what the meter resolves, so the JSON does not carry float32 noise digits.
    private static PhaseTriple? Phases(PhaseValues<double?> values, int decimals)
    {
        var phases = new PhaseTriple(Decimal(values.L1, decimals), Decimal(values.L2, decimals), Decimal(values.L3, decimals));
        return phases.L1 is null && phases.L2 is null && phases.L3 is null ? null : phases;
    }

    /// <summary>NaN, infinities and values beyond decimal (a garbled register) become null, never an exception.</summary>
    private static decimal? Decimal(double? value, int decimals) =>
        value is { } v && double.IsFinite(v) && Math.Abs(v) < 1e15 ? decimal.Round((decimal)v, decimals) : null;
}
