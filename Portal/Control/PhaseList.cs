using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>Phases stored as "L1,L2,L3": parsed strictly, so a stored value that is not phases is refused, not guessed.</summary>
public static class PhaseList
{
    public static string Format(IEnumerable<Phase> phases) => string.Join(",", phases);

    /// <summary>The phases, or null when <paramref name="text"/> names something else.</summary>
    public static IReadOnlyList<Phase>? Parse(string? text)
    {
        var phases = new List<Phase>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<Phase>(part, ignoreCase: true, out var phase) || !Enum.IsDefined(phase) || int.TryParse(part, out _))
            {
                return null;
            }

            phases.Add(phase);
        }

        return phases;
    }
}
