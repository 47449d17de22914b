using Portal.Sites;

namespace Portal.Energy;

/// <summary>
/// The energy balance of one site over one quarter-hour, from its meters' readings: production, grid import and
/// export (a virtual RCP nets its connections), battery charge and discharge, where each went (the flows of
/// <see cref="SiteEnergy"/>), the load, the metered consumption and the residual, and the solar allocation among
/// consumers (BILLING.md ZEV-06..08: the load's local supply is split in proportion to consumption; a positive
/// residual takes its share like a consumer, as common electricity). Pure and allocation-light: it runs for every
/// quarter-hour of every site whenever intervals arrive.
/// </summary>
public static class QuarterHourBalance
{
    /// <summary>The residual's key in the allocation; meter ids never contain '~'.</summary>
    public const string ResidualKey = "~residual";

    /// <param name="readings">One per meter of <paramref name="topology"/>, in its order.</param>
    /// <param name="expected">Per meter: it had reported before, so a missing reading counts as missing data.</param>
    /// <param name="meters">Receives one row per consumption meter that reported.</param>
    public static SiteEnergy Of(BalanceTopology topology, DateTime startUtc, ReadOnlySpan<MeterReading> readings, ReadOnlySpan<bool> expected, List<MeterEnergy> meters)
    {
        if (readings.Length != topology.Meters.Count || expected.Length != topology.Meters.Count)
        {
            throw new ArgumentException("One reading and one expectation per meter of the topology.", nameof(readings));
        }

        var site = new SiteEnergy { SiteId = topology.SiteId, Resolution = EnergyResolution.QuarterHour, StartUtc = startUtc, QuarterHours = 1 };
        long import = 0, export = 0;
        var consumption = new Dictionary<string, long>(StringComparer.Ordinal);
        var estimated = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < readings.Length; i++)
        {
            var meter = topology.Meters[i];
            var reading = readings[i];
            if (!reading.IsPresent)
            {
                site.MissingReadings += expected[i] ? 1 : 0;
                continue;
            }

            site.EstimatedReadings += reading.Estimated ? 1 : 0;
            site.BackwardsReadings += reading.CounterWentBackwards ? 1 : 0;
            switch (meter.Role)
            {
                case MeterRole.GridIntroduction:
                    import += reading.ImportWh;
                    export += reading.ExportWh;
                    break;
                case MeterRole.PvProduction:
                    site.ProductionWh += reading.ExportWh;
                    break;
                case MeterRole.Battery:
                    site.BatteryChargeWh += reading.ImportWh;
                    site.BatteryDischargeWh += reading.ExportWh;
                    break;
                default:
                    if (meter.IsConsumer && !topology.IsSingleConsumer)
                    {
                        consumption[meter.Id] = consumption.GetValueOrDefault(meter.Id) + reading.ImportWh;
                        site.MeteredWh += reading.ImportWh;
                        site.CommonAreaWh += meter.Role == MeterRole.CommonArea ? reading.ImportWh : 0;
                        if (reading.Estimated)
                        {
                            estimated.Add(meter.Id);
                        }
                    }

                    break;
            }
        }

        if (topology.NetsGridConnections)
        {
            var net = import - export;
            (import, export) = (Math.Max(0, net), Math.Max(0, -net));
        }

        site.GridImportWh = import;
        site.GridExportWh = export;
        Flow(site);
        site.PeakGridImportWh = site.GridImportWh;
        site.PeakConsumptionWh = site.ConsumptionWh;
        if (topology.IsSingleConsumer)
        {
            // The house is the one consumer: its consumption is derived, nothing is left over.
            site.MeteredWh = site.ConsumptionWh;
            return site;
        }

        site.ResidualWh = site.ConsumptionWh - site.MeteredWh;
        if (site.ResidualWh > 0)
        {
            consumption[ResidualKey] = site.ResidualWh;
        }

        var allocation = SolarAllocation.Of(Math.Min(site.LocalSupplyWh, consumption.Values.Sum()), consumption);
        foreach (var (key, share) in allocation.Consumers)
        {
            if (key == ResidualKey)
            {
                site.ResidualSolarWh = share.SolarWh;
                continue;
            }

            meters.Add(new MeterEnergy
            {
                MeterId = key,
                SiteId = topology.SiteId,
                Resolution = EnergyResolution.QuarterHour,
                StartUtc = startUtc,
                ConsumedWh = share.ConsumedWh,
                SolarWh = share.SolarWh,
                EstimatedQuarterHours = estimated.Contains(key) ? 1 : 0,
            });
        }

        return site;
    }

    // The flow rules of SiteEnergy's remarks: export is explained by PV first, then by the battery; PV left on site
    // charges the battery before it feeds the load; import charges what PV did not, the rest feeds the load.
    private static void Flow(SiteEnergy site)
    {
        site.PvToGridWh = Math.Min(site.ProductionWh, site.GridExportWh);
        site.BatteryToGridWh = Math.Min(site.BatteryDischargeWh, site.GridExportWh - site.PvToGridWh);
        var pvOnSite = site.ProductionWh - site.PvToGridWh;
        site.PvToBatteryWh = Math.Min(pvOnSite, site.BatteryChargeWh);
        site.PvToLoadWh = pvOnSite - site.PvToBatteryWh;
        site.GridToBatteryWh = Math.Min(site.BatteryChargeWh - site.PvToBatteryWh, site.GridImportWh);
        site.GridToLoadWh = site.GridImportWh - site.GridToBatteryWh;
        site.BatteryToLoadWh = site.BatteryDischargeWh - site.BatteryToGridWh;
        site.ConsumptionWh = site.PvToLoadWh + site.BatteryToLoadWh + site.GridToLoadWh;
        site.ImbalanceWh = site.ProductionWh + site.GridImportWh + site.BatteryDischargeWh
            - site.ConsumptionWh - site.BatteryChargeWh - site.GridExportWh;
    }
}
