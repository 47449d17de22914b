namespace Portal.Billing.Tariffs;

/// <summary>Which cap the solar price is held against (EnV Art. 16).</summary>
public enum SolarPriceCap
{
    /// <summary>ZEV-11: a flat price of at most 80 % of the DSO's external standard product.</summary>
    FlatEightyPercent,

    /// <summary>ZEV-12: actual costs minus feed-in revenue, at most 100 % of the standard product.</summary>
    EffectiveCost,
}
