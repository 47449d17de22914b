using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>One coil of a relay module and the appliance it switches (seed 001 relay optimisation, seed 003 thresholds).</summary>
public sealed class Relay
{
    public required string Id { get; set; }

    public required string GatewayId { get; set; }

    public required string ModuleId { get; set; }

    public int Coil { get; set; }

    public string Appliance { get; set; } = "";

    public int NominalPowerW { get; set; }

    public RelayMode Mode { get; set; }

    /// <summary>Lower = served first, shed last.</summary>
    public int Priority { get; set; } = 100;

    /// <summary>The site phases the appliance loads, e.g. "L1" or "L1,L2,L3" (<see cref="PhaseList"/>).</summary>
    public string Phases { get; set; } = "L1";

    public int MinOnSeconds { get; set; }

    public int MinOffSeconds { get; set; }

    /// <summary>Weekly windows in the site time zone (<see cref="TimeWindows"/>).</summary>
    public string Windows { get; set; } = "";

    public int? ThresholdOnBelowWh { get; set; }

    public int? ThresholdOffAboveWh { get; set; }

    public int? ThresholdIntervalSeconds { get; set; }

    /// <summary>Stepped relays of one appliance (a three-phase heater as up to three relays) share a group.</summary>
    public string? StepGroup { get; set; }

    public int StepIndex { get; set; }

    /// <summary>The portal switch, for <see cref="RelayMode.Manual"/>: sent in the control overrides.</summary>
    public bool ManualOn { get; set; }
}
