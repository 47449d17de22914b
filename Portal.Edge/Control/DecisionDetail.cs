using System.Globalization;
using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// The figures of a decision in English, invariant numbers, for <see cref="ControlAction.Detail"/>: what portals
/// older than <see cref="ControlAction.Figures"/> show, and what the edge log says. The portal words the figures
/// per culture itself (Portal/Control/ControlWords).
/// </summary>
public static class DecisionDetail
{
    public static string? English(IReadOnlyList<DecisionFigure>? figures) =>
        figures is null || figures.Count == 0 ? null : string.Join(", ", figures.Select(English));

    private static string English(DecisionFigure figure)
    {
        var v = figure.Value;
        return figure.Kind switch
        {
            FigureKind.SurplusW => Invariant($"surplus {v:0} W"),
            FigureKind.GridImportW => Invariant($"grid {v:0} W"),
            FigureKind.NeedW => Invariant($"needs {v:0} W"),
            FigureKind.OffBelowW => Invariant($"off below {v:0} W"),
            FigureKind.GridEnergyWh => Invariant($"{v:0.0} Wh at the grid point"),
            FigureKind.IntervalSeconds => Invariant($"over {v:0} s"),
            FigureKind.OnBelowWh => Invariant($"on below {v:0.#} Wh"),
            FigureKind.OffAboveWh => Invariant($"off above {v:0.#} Wh"),
            FigureKind.CollectingSeconds => Invariant($"collecting {v:0} s of grid energy"),
            FigureKind.UnderPeakW => Invariant($"{v:0} W left under the peak target"),
            FigureKind.QuarterEnergyWh => Invariant($"quarter so far {v:0.0} Wh"),
            FigureKind.RippleLeftW => Invariant($"ripple reduced: {v:0} W left"),
            FigureKind.WaitingStep => Invariant($"step {v:0} waits for the step before it"),
            FigureKind.ZoneW => Invariant($"zone {v:0} W"),
            FigureKind.FuseLimitA => Invariant($"fuse limit {v:0.0} A"),
            FigureKind.GridL1A => Invariant($"L1 {v:0.0} A"),
            FigureKind.GridL2A => Invariant($"L2 {v:0.0} A"),
            FigureKind.GridL3A => Invariant($"L3 {v:0.0} A"),
            FigureKind.HeadroomL1A => Invariant($"L1 {v:0.0} A left"),
            FigureKind.HeadroomL2A => Invariant($"L2 {v:0.0} A left"),
            FigureKind.HeadroomL3A => Invariant($"L3 {v:0.0} A left"),
            _ => Invariant($"{figure.Kind} {v}"),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
