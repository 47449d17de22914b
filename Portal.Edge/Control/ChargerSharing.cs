namespace Portal.Edge.Control;

/// <summary>
/// One charger's claim in a sharing round. Currents in deci-amperes (0.1 A); <see cref="PhaseMask"/> has bit 0 for L1,
/// bit 1 for L2, bit 2 for L3: the site phases the charger actually loads. <see cref="WasCharging"/> breaks ties when
/// someone must pause, so a running car is not paused for one that was already waiting.
/// </summary>
public sealed record ChargerDemand(string ChargerId, int Priority, int PhaseMask, int MinDa, int MaxDa, bool WasCharging)
{
    public int PhaseCount { get; } = ((PhaseMask >> 0) & 1) + ((PhaseMask >> 1) & 1) + ((PhaseMask >> 2) & 1);

    public bool Loads(int phase) => (PhaseMask & (1 << phase)) != 0;
}

/// <summary>
/// Shares a power budget and the per-phase headroom among chargers: by priority first (a lower number is served
/// in full before the next), then fairly within a priority (the same current for everyone, max-min fair: when a
/// phase or a charger's own maximum binds, the others keep rising). A charger whose share falls below its floor
/// (IEC 61851 6 A, PROTOCOLS.md 6.3) is paused and the round is shared again without it; it never gets less.
/// Who pauses first: a waiting car before a running one, then the one missing the most power to its floor.
/// </summary>
public static class ChargerSharing
{
    /// <summary>
    /// Returns each demand's limit in deci-amperes (0 = paused), in the order given. <paramref name="powerW"/> and
    /// <paramref name="headroomDa"/> (per phase) are what is left and are reduced by what was shared.
    /// </summary>
    public static int[] Share(IReadOnlyList<ChargerDemand> demands, ref long powerW, int[] headroomDa)
    {
        var limits = new int[demands.Count];
        var order = Enumerable.Range(0, demands.Count).OrderBy(i => demands[i].Priority).ToArray();
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end < order.Length && demands[order[end]].Priority == demands[order[start]].Priority)
            {
                end++;
            }

            var group = order[start..end].ToList();
            ShareWithinPriority(demands, group, powerW, headroomDa, limits);
            foreach (var i in group)
            {
                powerW -= (long)limits[i] * Electrical.WattsPerDeciAmp * demands[i].PhaseCount;
                for (var p = 0; p < 3; p++)
                {
                    if (demands[i].Loads(p))
                    {
                        headroomDa[p] -= limits[i];
                    }
                }
            }

            start = end;
        }

        return limits;
    }

    private static void ShareWithinPriority(IReadOnlyList<ChargerDemand> demands, List<int> group, long powerW, int[] headroomDa, int[] limits)
    {
        group.RemoveAll(i => demands[i].MaxDa < demands[i].MinDa || demands[i].PhaseCount == 0);
        while (group.Count > 0)
        {
            Fill(demands, group, powerW, headroomDa, limits);
            var pause = -1;
            foreach (var i in group)
            {
                if (limits[i] < demands[i].MinDa && (pause < 0 || PausesBefore(demands[i], limits[i], demands[pause], limits[pause])))
                {
                    pause = i;
                }
            }

            if (pause < 0)
            {
                return;
            }

            limits[pause] = 0;
            group.Remove(pause);
        }
    }

    // Waiting cars pause before running ones; then the one missing the most power to its floor (a three-phase car
    // 0.1 A short misses three times what a one-phase car does), so what is left can reach someone's floor: a 4140 W
    // zone minimum then charges a one-phase car at 16 A rather than nobody; then the last by id, so the outcome never
    // depends on input order.
    private static bool PausesBefore(ChargerDemand a, int aDa, ChargerDemand b, int bDa)
    {
        if (a.WasCharging != b.WasCharging)
        {
            return !a.WasCharging;
        }

        var aMissing = (a.MinDa - aDa) * a.PhaseCount;
        var bMissing = (b.MinDa - bDa) * b.PhaseCount;
        return aMissing != bMissing ? aMissing > bMissing : string.CompareOrdinal(a.ChargerId, b.ChargerId) > 0;
    }

    /// <summary>Progressive filling: everyone not yet bound rises together until a constraint binds, which freezes the chargers under it.</summary>
    private static void Fill(IReadOnlyList<ChargerDemand> demands, List<int> group, long powerW, int[] headroomDa, int[] limits)
    {
        var frozen = new bool[group.Count];
        var open = group.Count;
        Span<int> phaseLevel = stackalloc int[3];
        Span<int> phaseOpen = stackalloc int[3];
        Span<long> byPhase = stackalloc long[3];
        while (open > 0)
        {
            long frozenPower = 0, openWeight = 0;
            phaseLevel.Clear();
            phaseOpen.Clear();
            for (var k = 0; k < group.Count; k++)
            {
                var d = demands[group[k]];
                if (frozen[k])
                {
                    frozenPower += (long)limits[group[k]] * Electrical.WattsPerDeciAmp * d.PhaseCount;
                }
                else
                {
                    openWeight += Electrical.WattsPerDeciAmp * d.PhaseCount;
                }

                for (var p = 0; p < 3; p++)
                {
                    if (d.Loads(p))
                    {
                        if (frozen[k])
                        {
                            phaseLevel[p] += limits[group[k]];
                        }
                        else
                        {
                            phaseOpen[p]++;
                        }
                    }
                }
            }

            var byPower = (long)Math.Max(0, (powerW - frozenPower) / openWeight);
            var level = byPower;
            for (var p = 0; p < 3; p++)
            {
                byPhase[p] = phaseOpen[p] > 0 ? Math.Max(0, (long)(headroomDa[p] - phaseLevel[p]) / phaseOpen[p]) : long.MaxValue;
                level = Math.Min(level, byPhase[p]);
            }

            for (var k = 0; k < group.Count; k++)
            {
                if (!frozen[k])
                {
                    level = Math.Min(level, demands[group[k]].MaxDa);
                }
            }

            for (var k = 0; k < group.Count; k++)
            {
                if (frozen[k])
                {
                    continue;
                }

                var d = demands[group[k]];
                limits[group[k]] = (int)level;
                var bound = byPower <= level || d.MaxDa <= level;
                for (var p = 0; p < 3 && !bound; p++)
                {
                    bound = d.Loads(p) && byPhase[p] <= level;
                }

                if (bound)
                {
                    frozen[k] = true;
                    open--;
                }
            }
        }
    }
}
