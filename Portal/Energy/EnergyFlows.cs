namespace Portal.Energy;

/// <summary>Where energy comes from and goes to in a flow diagram.</summary>
public enum FlowNode
{
    Solar,
    GridImport,
    BatteryDischarge,
    Load,
    BatteryCharge,
    GridExport,
}

public sealed record EnergyFlow(FlowNode From, FlowNode To, long Wh);

/// <summary>
/// The flows of a period's balance (<see cref="SiteEnergy"/>'s flow rules) for a Sankey diagram: PV to the load,
/// the battery and the grid; the grid to the load and the battery; the battery to the load and the grid. They are
/// read from the same summed balance as <see cref="EnergyKpis"/>, so the diagram's totals are the KPIs: solar used
/// on site = PV to load + PV to battery, grid import = grid to load + grid to battery, and so on.
/// </summary>
/// <remarks>
/// Where the meters disagree (export nothing explains, a CT mounted the wrong way round) the flows cannot carry it:
/// <see cref="ImbalanceWh"/> says by how much, and the diagram shows it instead of hiding it.
/// </remarks>
public sealed record EnergyFlows(IReadOnlyList<EnergyFlow> Flows, long ImbalanceWh)
{
    public static EnergyFlows Of(SiteEnergy energy) => new(
    [
        new(FlowNode.Solar, FlowNode.Load, energy.PvToLoadWh),
        new(FlowNode.Solar, FlowNode.BatteryCharge, energy.PvToBatteryWh),
        new(FlowNode.Solar, FlowNode.GridExport, energy.PvToGridWh),
        new(FlowNode.GridImport, FlowNode.Load, energy.GridToLoadWh),
        new(FlowNode.GridImport, FlowNode.BatteryCharge, energy.GridToBatteryWh),
        new(FlowNode.BatteryDischarge, FlowNode.Load, energy.BatteryToLoadWh),
        new(FlowNode.BatteryDischarge, FlowNode.GridExport, energy.BatteryToGridWh),
    ], energy.ImbalanceWh);

    /// <summary>Sources (left) and sinks (right) of the diagram.</summary>
    public static IReadOnlyList<FlowNode> Sources { get; } = [FlowNode.Solar, FlowNode.GridImport, FlowNode.BatteryDischarge];

    public static IReadOnlyList<FlowNode> Sinks { get; } = [FlowNode.Load, FlowNode.BatteryCharge, FlowNode.GridExport];

    /// <summary>What leaves a source or reaches a sink.</summary>
    public long Total(FlowNode node) => Flows.Where(f => f.From == node || f.To == node).Sum(f => f.Wh);

    /// <summary>One flow's energy (0 when the diagram has none).</summary>
    public long Between(FlowNode from, FlowNode to) => Flows.Where(f => f.From == from && f.To == to).Sum(f => f.Wh);
}
