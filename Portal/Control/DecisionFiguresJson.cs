using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Control;

/// <summary>
/// A decision's figures as stored in the <c>ControlDecisions.Figures</c> column: the JSON of the wire contract
/// (<see cref="ContractJsonContext"/>, kinds in camel case), so the row holds what the edge sent.
/// </summary>
public static class DecisionFiguresJson
{
    // EF Core never hands a null to a converter: a null column stays null (an older edge sent no figures).
    public static ValueConverter<IReadOnlyList<DecisionFigure>?, string> Converter { get; } = new(
        figures => Serialize(figures!),
        json => Parse(json));

    public static ValueComparer<IReadOnlyList<DecisionFigure>?> Comparer { get; } = new(
        (a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SequenceEqual(b)),
        figures => figures == null ? 0 : figures.Aggregate(0, (hash, f) => HashCode.Combine(hash, f)),
        figures => figures == null ? null : figures.ToList());

    public static string Serialize(IReadOnlyList<DecisionFigure> figures) =>
        JsonSerializer.Serialize(figures, ContractJsonContext.Default.IReadOnlyListDecisionFigure);

    /// <summary>The stored figures; an unreadable column (a kind this build does not know) reads as none, so the text is shown.</summary>
    public static IReadOnlyList<DecisionFigure> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ContractJsonContext.Default.IReadOnlyListDecisionFigure) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
