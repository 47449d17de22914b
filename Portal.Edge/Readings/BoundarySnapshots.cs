using Portal.Contracts.Mqtt;
using Portal.Edge.Intervals;
using Portal.Modbus.Meters;

namespace Portal.Edge.Readings;

/// <summary>
/// Picks, per meter, the first reading at or after each quarter-hour boundary as that boundary's register
/// snapshot. Polling wakes at every boundary (<see cref="Configuration.PollingOptions.AlignCyclesTo"/>), so that
/// reading is taken within moments of it; a reading that is still later than the tolerance (the meter was
/// failing) is not offered, and the interval simply grows to the next boundary that is caught.
/// Readings before a boundary are never used for it: the first one after is closer in practice and it keeps
/// the rule simple and monotonic. Thread-safe: the loops of all buses call it.
/// </summary>
public sealed class BoundarySnapshots(TimeSpan tolerance)
{
    private readonly Dictionary<string, DateTimeOffset> _lastBoundary = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Tolerance { get; } = tolerance;

    /// <summary>The snapshot this reading stands for, or null when it is not the first near a new boundary.</summary>
    public RegisterSnapshot? Offer(MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.ImportEnergyKWh is not { } import || reading.ExportEnergyKWh is not { } export)
        {
            return null;
        }

        var boundary = QuarterHour.Floor(reading.ReadAt);
        lock (_lock)
        {
            if (_lastBoundary.TryGetValue(reading.MeterId, out var last) && last >= boundary)
            {
                return null;
            }

            _lastBoundary[reading.MeterId] = boundary;
        }

        return reading.ReadAt - boundary <= Tolerance
            ? new RegisterSnapshot(reading.MeterId, reading.ReadAt, ToWh(import), ToWh(export))
            : null;
    }

    /// <summary>Registers are decimal kWh already rounded to the Wh by the decoder.</summary>
    public static long ToWh(decimal kWh) => (long)decimal.Round(kWh * 1000m, MidpointRounding.AwayFromZero);
}
