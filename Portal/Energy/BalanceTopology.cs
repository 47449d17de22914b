using Portal.Commissioning;
using Portal.Sites;

namespace Portal.Energy;

/// <summary>One meter as the balance sees it.</summary>
public sealed record BalanceMeter(string Id, MeterRole Role, Guid? BillingPointId = null)
{
    /// <summary>Consumption meters take part in the solar allocation (ZEV-07); common areas are among them (ZEV-08).</summary>
    public bool IsConsumer => Role is MeterRole.Consumer or MeterRole.CommonArea or MeterRole.HeatPump or MeterRole.EvCharging or MeterRole.Other;
}

/// <summary>
/// What a site's energy balance needs to know about the site: its type and meters, in a fixed order (the order of
/// <see cref="Meters"/> is the order of the readings handed to <see cref="QuarterHourBalance.Of"/>).
/// </summary>
public sealed record BalanceTopology(Guid SiteId, SiteType Type, IReadOnlyList<BalanceMeter> Meters)
{
    /// <summary>A virtual RCP is one measurement point for the DSO: its connections are netted per quarter-hour.</summary>
    public bool NetsGridConnections => Type == SiteType.VirtualRcp;

    /// <summary>A single-consumer site has no private meters: its consumption is production + import - export.</summary>
    public bool IsSingleConsumer => Type == SiteType.SingleConsumer;
}
