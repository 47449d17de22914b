using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>One action of a control decision the edge published, as the timeline shows it; unique per gateway, sequence and action index.</summary>
public sealed class ControlDecisionRecord
{
    public long Id { get; set; }

    public required string GatewayId { get; set; }

    public long Sequence { get; set; }

    public int ActionIndex { get; set; }

    public DateTime AtUtc { get; set; }

    public ControlTargetKind Kind { get; set; }

    public required string TargetId { get; set; }

    public DecisionReason Reason { get; set; }

    public bool? On { get; set; }

    public decimal? LimitA { get; set; }

    public int? Phases { get; set; }

    /// <summary>The edge's English text; what older edges sent instead of <see cref="Figures"/>.</summary>
    public string? Detail { get; set; }

    /// <summary>The figures that explain the decision, worded per culture by <see cref="ControlWords.Detail"/>; null from older edges.</summary>
    public IReadOnlyList<DecisionFigure>? Figures { get; set; }
}
