namespace Portal.Contracts.Profiles;

/// <summary>What a meter of the day model measures; decides its power profile.</summary>
public enum LoadKind
{
    /// <summary>The site's introduction meter, in series with the DSO meter: net of everything else.</summary>
    GridConnection,

    /// <summary>Inverter output; production is counted as export (negative power).</summary>
    PvProduction,
    Household,
    HeatPump,
    EvCharger,
}
