namespace Portal.Sites;

/// <summary>What a billing point is; stored by name.</summary>
public enum BillingPointKind
{
    Dwelling,
    Office,
    CommonArea,
}
