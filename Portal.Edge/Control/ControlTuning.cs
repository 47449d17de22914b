namespace Portal.Edge.Control;

/// <summary>
/// The loop's fixed tuning, not set per site: defaults chosen so a 1 s cycle neither flaps nor bursts.
/// <see cref="HysteresisW"/>: an Auto relay that is on stays on until it would import more than this.
/// <see cref="PeakRestoreMarginW"/>: a shed load comes back only when the peak forecast stays this far under target.
/// <see cref="RampStepA"/>: after fail-safe, a charger limit rises by at most this per cycle.
/// <see cref="ResumeMarginA"/>: a charger paused below its floor resumes only at floor plus this.
/// </summary>
public sealed record ControlTuning(
    int HysteresisW = 200,
    int PeakRestoreMarginW = 200,
    decimal RampStepA = 2m,
    decimal ResumeMarginA = 1m)
{
    public static ControlTuning Default { get; } = new();
}
