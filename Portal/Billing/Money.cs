namespace Portal.Billing;

/// <summary>Amounts of money in CHF (or EUR), as decimal: each invoice line is rounded once, to the centime.</summary>
public static class Money
{
    /// <summary>To 0.01, halves away from zero (commercial rounding: 0.005 -> 0.01, -0.005 -> -0.01).</summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whole Wh as kWh, exact (three decimals).</summary>
    public static decimal Kwh(long wh) => wh / 1000m;
}
