using Microsoft.Extensions.Localization;
using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>
/// Words the shared validator's codes and the edge's decision reasons in the reader's language: the resource
/// <c>Control.Problem.{Code}</c> gets the subject as {0} and the figures as {1}, {2}, ...; <c>Control.Reason.{Reason}</c> needs none.
/// </summary>
public static class ControlWords
{
    public static string Problem(ControlProblem problem, IStringLocalizer text) =>
        text[$"Control.Problem.{problem.Code}", [problem.Subject, .. problem.Figures.Select(f => (object)f)]].Value;

    public static string Reason(DecisionReason reason, IStringLocalizer text) => text[$"Control.Reason.{reason}"].Value;

    public static string Mode(RelayMode mode, IStringLocalizer text) => text[$"Control.Mode.{mode}"].Value;
}
