using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// What one charger draws at the instant the grid meter was read, for the budget (our own loads are added back to
/// the surplus and to the fuse headroom). A charger reports its current only every few seconds (OCPP MeterValues,
/// PROTOCOLS.md 6.2), while the grid meter is read every second; a reading taken before the last limit change shows
/// the old draw. Taking it as it is counts the change twice or not at all: after a cut the stale, higher draw makes
/// the rest of the house look smaller, the headroom looks free again and the cut is undone until the next report
/// (a phase stays over the fuse limit); after a raise the stale, lower draw makes the house look bigger and a car is
/// paused, then resumed when the report comes (a car flaps between its share and 0 A).
/// <para>
/// So: a reading taken under the limit in force when the grid was read is the draw. Otherwise the car is taken to
/// follow that limit (it must within seconds, IEC 61851-1), except on a phase where the reading showed it drawing
/// clearly less than it was allowed (a full battery, a car that takes less): there it keeps drawing at most that.
/// </para>
/// </summary>
public sealed class ChargerDraw
{
    /// <summary>A phase drawing this much less than its limit is held by the car, not by the limit.</summary>
    public const decimal CarHeldBelowLimitA = 1m;

    private const int MaxKept = 32;

    // Oldest first; entries older than the newest reading are dropped except the one in force at that reading.
    private readonly List<SentLimit> _sent = [];

    /// <summary>A limit was sent at <paramref name="at"/> (the cycle's instant): per phase, on the phases in the mask.</summary>
    public void Sent(DateTimeOffset at, int limitDa, int phaseMask)
    {
        // A charger that stopped reporting must not grow the list for ever; the oldest limits matter least.
        if (_sent.Count >= MaxKept)
        {
            _sent.RemoveAt(0);
        }

        _sent.Add(new SentLimit(at, limitDa, phaseMask));
    }

    /// <summary>
    /// The charger's draw per site phase at <paramref name="gridAt"/>, and its power: the reading when it is not older
    /// than the limit in force then (or carries no time), otherwise estimated from that limit.
    /// </summary>
    public (PhaseCurrents? CurrentA, decimal PowerW) At(DateTimeOffset gridAt, ChargerReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.MeasuredAt is not { } measuredAt)
        {
            return (reading.CurrentA, reading.MeasuredPowerW);
        }

        Forget(measuredAt);
        var inForce = InForceAt(gridAt);
        if (inForce is null || measuredAt > inForce.At)
        {
            return (reading.CurrentA, reading.MeasuredPowerW);
        }

        var before = InForceAt(measuredAt);
        var measured = reading.CurrentA ?? new PhaseCurrents(0m, 0m, 0m);
        Span<decimal> draw = stackalloc decimal[3];
        for (var p = 0; p < 3; p++)
        {
            if ((inForce.PhaseMask & (1 << p)) == 0)
            {
                continue;
            }

            var amps = inForce.LimitDa / 10m;
            var was = Electrical.On(measured, p);
            if (before is { LimitDa: > 0 } && (before.PhaseMask & (1 << p)) != 0 && was < before.LimitDa / 10m - CarHeldBelowLimitA)
            {
                amps = Math.Min(amps, was);
            }

            draw[p] = amps;
        }

        var current = new PhaseCurrents(draw[0], draw[1], draw[2]);
        return (current, (draw[0] + draw[1] + draw[2]) * Electrical.VoltsPerPhase);
    }

    // A limit is sent after the cycle read its inputs: a reading or grid value of that very instant predates it.
    private SentLimit? InForceAt(DateTimeOffset at)
    {
        for (var i = _sent.Count - 1; i >= 0; i--)
        {
            if (_sent[i].At < at)
            {
                return _sent[i];
            }
        }

        return null;
    }

    private void Forget(DateTimeOffset measuredAt)
    {
        // Keep the limit in force at the reading (to tell a car that takes less) and everything after it.
        var keepFrom = 0;
        for (var i = _sent.Count - 1; i >= 0; i--)
        {
            if (_sent[i].At < measuredAt)
            {
                keepFrom = i;
                break;
            }
        }

        if (keepFrom > 0)
        {
            _sent.RemoveRange(0, keepFrom);
        }
    }

    private sealed record SentLimit(DateTimeOffset At, int LimitDa, int PhaseMask);
}
