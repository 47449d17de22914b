namespace Portal.Simulator.Ocpp;

/// <summary>
/// When a car comes to a charge point, every day in site-local time: it plugs in at <see cref="PlugIn"/>, takes
/// <see cref="EnergyWantedWh"/> (null: whatever it gets) and unplugs at <see cref="Leave"/> (a window may cross
/// midnight, 17:30-07:00); without a leave time it unplugs once full. Full and still plugged in, it draws nothing
/// (SuspendedEV).
/// </summary>
public sealed record CarSchedule(string ChargerId, TimeOnly PlugIn, TimeOnly? Leave, double? EnergyWantedWh)
{
    /// <summary>The arrival of the visit <paramref name="local"/> falls in, or null between visits.</summary>
    public DateTimeOffset? ArrivalFor(DateTimeOffset local)
    {
        var today = new DateTimeOffset(local.Date + PlugIn.ToTimeSpan(), local.Offset);
        var arrival = local >= today ? today : today.AddDays(-1);
        return DepartureAfter(arrival) is { } departure && local >= departure ? null : arrival;
    }

    /// <summary>When the car that arrived at <paramref name="arrival"/> leaves; null = when it is full.</summary>
    public DateTimeOffset? DepartureAfter(DateTimeOffset arrival)
    {
        if (Leave is not { } leave)
        {
            return null;
        }

        var departure = new DateTimeOffset(arrival.Date + leave.ToTimeSpan(), arrival.Offset);
        return departure <= arrival ? departure.AddDays(1) : departure;
    }
}
