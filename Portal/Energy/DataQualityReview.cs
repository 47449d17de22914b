namespace Portal.Energy;

/// <summary>
/// The owner's word on a data-quality finding: they looked at the span and say why it is as it is (a meter swapped,
/// the edge off during building works). Nothing is deleted or changed by it: the finding stays listed, shown reviewed
/// (<see cref="DataQualityFinder.Covers"/>).
/// </summary>
public sealed class DataQualityReview
{
    public long Id { get; set; }

    public Guid SiteId { get; set; }

    public DataQualityKind Kind { get; set; }

    /// <summary>Null for a finding of the site's balance.</summary>
    public string? MeterId { get; set; }

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    /// <summary>At most <see cref="Commissioning.FieldLimits.ReviewNoteLength"/> characters, trimmed.</summary>
    public required string Note { get; set; }

    public Guid ReviewerId { get; set; }

    public DateTime ReviewedUtc { get; set; }
}
