using System.Collections.Concurrent;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Readings;

/// <summary>
/// The newest live reading of every meter, kept by the reading sink for the control cycle (which reads the grid
/// meters from here instead of from the bus). Thread-safe: bus loops write, the control loop reads.
/// </summary>
public sealed class LatestReadings
{
    private readonly ConcurrentDictionary<string, LiveReadingMessage> _byMeter = new(StringComparer.Ordinal);

    public void Update(LiveReadingMessage reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        _byMeter.AddOrUpdate(reading.MeterId, reading, (_, old) => reading.MeasuredAt >= old.MeasuredAt ? reading : old);
    }

    public LiveReadingMessage? Of(string meterId) => _byMeter.GetValueOrDefault(meterId);
}
