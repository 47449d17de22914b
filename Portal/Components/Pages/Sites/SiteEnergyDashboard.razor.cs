using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Energy;
using Portal.Localization;

namespace Portal.Components.Pages.Sites;

/// <summary>
/// The owner's energy dashboard of a site (<see cref="SiteDashboard"/> decides and reads; this page shows and
/// collects). The period lives in the address (<see cref="EnergyPeriodQuery"/>), so a view can be shared and
/// reloaded, and the picker only navigates.
/// </summary>
public sealed partial class SiteEnergyDashboard
{
    private SiteDashboardView? _view;
    private bool _loaded;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private DateTime? _customFrom;
    private DateTime? _customTo;

    [Inject]
    public required SiteDashboard Dashboard { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Parameter]
    public Guid SiteId { get; set; }

    [SupplyParameterFromQuery(Name = "period")]
    public string? Period { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _view = await Dashboard.ForAsync((await AuthenticationState).User, SiteId, new EnergyPeriodQuery(Period, From, To));
        _loaded = true;
        if (_view is null)
        {
            return;
        }

        _customFrom = _view.Period.Start.ToDateTime(TimeOnly.MinValue);
        _customTo = _view.Period.End.AddDays(-1).ToDateTime(TimeOnly.MinValue);
        _series = Series(_view);
        _labels = [.. _view.Series.Select((p, i) => Label(_view, p.StartUtc, i))];
    }

    private void Show(EnergyPeriod period) =>
        Navigation.NavigateTo($"/sites/{SiteId}/energy" + EnergyPeriodQuery.Of(period).ToQueryString());

    private void ChooseKind(PeriodKind kind)
    {
        var current = _view!.Period;
        var day = current.Start <= _view.Today && _view.Today < current.End ? _view.Today : current.Start;
        Show(kind == PeriodKind.Custom ? EnergyPeriod.Custom(current.Start, current.End.AddDays(-1)) : EnergyPeriod.Containing(kind, day));
    }

    private void ChooseDay(DateTime? day)
    {
        if (day is { } chosen)
        {
            Show(EnergyPeriod.Containing(_view!.Period.Kind, DateOnly.FromDateTime(chosen)));
        }
    }

    private void ShowCustom()
    {
        if (_customFrom is { } from && _customTo is { } to)
        {
            // Not EnergyPeriod.Custom: a "to" before "from" must reach the service, which says what is wrong.
            Navigation.NavigateTo($"/sites/{SiteId}/energy" + new EnergyPeriodQuery(
                "custom", DateOnly.FromDateTime(from).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DateOnly.FromDateTime(to).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToQueryString());
        }
    }

    private List<ChartSeries<double>> Series(SiteDashboardView view)
    {
        ChartSeries<double> One(string key, Func<EnergySeriesPoint, long> wh) => new()
        {
            Name = L[key],
            Data = new ChartData<double>([.. view.Series.Select(p => (double)wh(p) / 1000)]),
        };

        return
        [
            One("Energy.Kpi.Production", p => p.ProductionWh),
            One("Energy.Kpi.Consumption", p => p.ConsumptionWh),
            One("Energy.Kpi.SolarUsed", p => p.SelfConsumedWh),
            One("Energy.Kpi.GridImport", p => p.GridImportWh),
            One("Energy.Kpi.GridExport", p => p.GridExportWh),
        ];
    }

    // Sparse labels on long axes: every third hour of a day, each day of a week, every day of a month.
    private static string Label(SiteDashboardView view, DateTime startUtc, int index)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(startUtc, view.Zone);
        var culture = CultureInfo.CurrentCulture;
        return view.Resolution switch
        {
            EnergyResolution.QuarterHour => local is { Minute: 0, Hour: var h } && h % 3 == 0 ? local.ToString("t", culture) : "",
            EnergyResolution.Hour => local.Hour == 0 || index == 0 ? local.ToString("ddd d", culture) : "",
            EnergyResolution.Day => view.Period.Kind == PeriodKind.Month ? local.Day.ToString(culture) : local.ToString("d MMM", culture),
            _ => local.ToString(view.Period.Days > 366 ? "MMM yy" : "MMM", culture),
        };
    }

    private static string PeriodLabel(EnergyPeriod period)
    {
        var culture = CultureInfo.CurrentCulture;
        var last = period.End > period.Start ? period.End.AddDays(-1) : period.End;
        return period.Kind switch
        {
            PeriodKind.Day => period.Start.ToString("D", culture),
            PeriodKind.Month => period.Start.ToString("Y", culture),
            PeriodKind.Year => period.Start.Year.ToString(culture),
            _ => $"{period.Start.ToString("d", culture)} – {last.ToString("d", culture)}",
        };
    }

    private static string Figure(KpiUnit unit, decimal? value) => value is not { } v ? "–" : unit switch
    {
        KpiUnit.Energy => PortalCultures.Kwh(v / 1000),
        KpiUnit.Rate => v.ToString("P1", CultureInfo.CurrentCulture),
        _ => string.Create(CultureInfo.CurrentCulture, $"{v / 1000:N1} kW"),
    };

    private string Change(KpiUnit unit, KpiChange? change, string key)
    {
        if (change is null)
        {
            return L[key, L["Energy.Kpi.NoComparison"]];
        }

        var culture = CultureInfo.CurrentCulture;
        var sign = change.Difference > 0 ? "+" : "";
        var difference = unit switch
        {
            KpiUnit.Energy => sign + PortalCultures.Kwh(change.Difference / 1000),
            KpiUnit.Rate => L["Energy.Kpi.Points", sign + (change.Difference * 100).ToString("N1", culture)],
            _ => string.Create(culture, $"{sign}{change.Difference / 1000:N1} kW"),
        };
        var percent = change.Percent is { } p ? string.Create(culture, $" ({(p > 0 ? "+" : "")}{p:N1} %)") : "";
        return L[key, difference + percent];
    }
}
