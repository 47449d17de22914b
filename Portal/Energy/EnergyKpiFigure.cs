namespace Portal.Energy;

/// <summary>How a key figure is measured: energy in Wh, a rate (0..1), a power in W.</summary>
public enum KpiUnit
{
    Energy,
    Rate,
    Power,
}

/// <summary>A key figure against another period: the difference (Wh, W, or a rate's points) and its relative change.</summary>
public sealed record KpiChange(decimal Difference, decimal? Percent)
{
    /// <summary>Null when either side is unknown (no data, a rate without denominator); no percent against zero.</summary>
    public static KpiChange? Between(decimal? now, decimal? then) =>
        now is not { } n || then is not { } t ? null : new KpiChange(n - t, t == 0 ? null : Math.Round((n - t) / Math.Abs(t) * 100, 1));
}

/// <summary>
/// One key figure of a dashboard (<see cref="EnergyKpis"/>) with the same figure of the previous period and of the
/// same period a year earlier; a period without any data has no figures to compare with (null), not zeros.
/// <see cref="Name"/> names its texts: <c>Energy.Kpi.{Name}</c> and <c>Energy.Kpi.{Name}.Definition</c>.
/// </summary>
public sealed record EnergyKpiFigure(string Name, KpiUnit Unit, decimal? Value, decimal? Previous, decimal? YearEarlier)
{
    public KpiChange? VersusPrevious => KpiChange.Between(Value, Previous);

    public KpiChange? VersusYearEarlier => KpiChange.Between(Value, YearEarlier);

    public string TextKey => $"Energy.Kpi.{Name}";

    public string DefinitionKey => $"Energy.Kpi.{Name}.Definition";

    /// <summary>The figures a dashboard shows, in order; <paramref name="previous"/> and <paramref name="yearEarlier"/> are null without data.</summary>
    public static IReadOnlyList<EnergyKpiFigure> Of(EnergyKpis current, EnergyKpis? previous, EnergyKpis? yearEarlier)
    {
        EnergyKpiFigure Figure(string name, KpiUnit unit, Func<EnergyKpis, decimal?> value) =>
            new(name, unit, value(current), previous is null ? null : value(previous), yearEarlier is null ? null : value(yearEarlier));

        return
        [
            Figure("Production", KpiUnit.Energy, k => k.ProductionWh),
            Figure("Consumption", KpiUnit.Energy, k => k.ConsumptionWh),
            Figure("SolarUsed", KpiUnit.Energy, k => k.SolarUsedOnSiteWh),
            Figure("SelfConsumption", KpiUnit.Rate, k => k.SelfConsumptionRate),
            Figure("Autarky", KpiUnit.Rate, k => k.Autarky),
            Figure("GridImport", KpiUnit.Energy, k => k.GridImportWh),
            Figure("GridExport", KpiUnit.Energy, k => k.GridExportWh),
            Figure("PeakPower", KpiUnit.Power, k => k.PeakGridPowerW),
        ];
    }
}
