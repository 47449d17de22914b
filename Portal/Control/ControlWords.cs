using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>
/// Words the shared validator's codes and the edge's decision reasons in the reader's language: the resource
/// <c>Control.Problem.{Code}</c> gets the subject as {0} and the figures as {1}, {2}, ...; <c>Control.Reason.{Reason}</c> needs none;
/// <c>Control.Figure.{Kind}</c> gets one figure of a decision as {0}, a number already written in the reader's culture.
/// </summary>
public static class ControlWords
{
    public static string Problem(ControlProblem problem, IStringLocalizer text) =>
        text[$"Control.Problem.{problem.Code}", [problem.Subject, .. problem.Figures.Select(f => (object)f)]].Value;

    public static string Reason(DecisionReason reason, IStringLocalizer text) => text[$"Control.Reason.{reason}"].Value;

    public static string Mode(RelayMode mode, IStringLocalizer text) => text[$"Control.Mode.{mode}"].Value;

    /// <summary>
    /// What explains a decision: its figures in the reader's words and number format ("excédent 2 400 W", "Überschuss
    /// 2’400 W"), or the edge's English text when an older edge sent no figures; "" when there is neither.
    /// </summary>
    public static string Detail(ControlDecisionRecord decision, IStringLocalizer text, IFormatProvider? culture = null) =>
        decision.Figures is { Count: > 0 } figures
            ? string.Join(", ", figures.Select(f => Figure(f, text, culture ?? CultureInfo.CurrentCulture)))
            : decision.Detail ?? "";

    public static string Figure(DecisionFigure figure, IStringLocalizer text, IFormatProvider culture) =>
        text[$"Control.Figure.{figure.Kind}", Number(figure, culture)].Value;

    // Energy is sent in Wh and shown in kWh (seed 003 speaks of 0.625 kWh per 15 min); intervals in minutes.
    private static string Number(DecisionFigure figure, IFormatProvider culture) => figure.Kind switch
    {
        FigureKind.GridEnergyWh or FigureKind.OnBelowWh or FigureKind.OffAboveWh or FigureKind.QuarterEnergyWh =>
            (figure.Value / 1000m).ToString("#,0.0##", culture),
        FigureKind.IntervalSeconds or FigureKind.CollectingSeconds => (figure.Value / 60m).ToString("#,0.#", culture),
        FigureKind.FuseLimitA or FigureKind.GridL1A or FigureKind.GridL2A or FigureKind.GridL3A
            or FigureKind.HeadroomL1A or FigureKind.HeadroomL2A or FigureKind.HeadroomL3A => figure.Value.ToString("#,0.0", culture),
        FigureKind.WaitingStep => figure.Value.ToString("0", culture),
        _ => figure.Value.ToString("#,0", culture),
    };
}
