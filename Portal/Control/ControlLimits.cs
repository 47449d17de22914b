namespace Portal.Control;

/// <summary>Column sizes of the control settings; the value limits are <see cref="Contracts.Control.ControlConfigValidator"/>'s, shared with the edge.</summary>
public static class ControlLimits
{
    public const int NameLength = Contracts.Control.ControlConfigValidator.MaxApplianceLength;

    public const int WindowsLength = 2000;

    /// <summary>How many timeline entries the control page shows.</summary>
    public const int TimelineLength = 100;
}
