using Microsoft.Extensions.Localization;
using ConverterHost = Portal.Contracts.Mqtt.ConverterHost;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>
/// Rules over the whole site, run before the review step and again before commissioning:
/// one introduction meter per grid connection, what a single-consumer site needs, converter
/// addresses, empty and overfull buses, meters on buses the site does not have.
/// </summary>
public sealed class SiteRules(IStringLocalizer<CommissioningResource> localizer)
{
    /// <summary>Modbus TCP's registered port, which converters use unless set otherwise.</summary>
    public const int DefaultModbusPort = 502;

    public IReadOnlyList<SiteFinding> Check(SiteLayout site) => Check(site.Type, site.Buses, site.GridConnections, site.Meters);

    public IReadOnlyList<SiteFinding> Check(SiteType type, IReadOnlyList<BusSpec> buses, IReadOnlyList<GridConnectionSpec> connections, IReadOnlyList<ExistingMeter> meters)
    {
        var findings = new List<SiteFinding>();
        CheckIntroductions(type, connections, meters, findings);
        CheckConsumers(type, connections, meters, findings);
        CheckConverters(buses, findings);
        CheckBuses(buses, meters, findings);
        return findings;
    }

    /// <summary>
    /// Exactly one introduction meter per grid connection. With a single connection the meter
    /// need not name it. In a virtual RCP a connection may have only the DSO's meter (its data
    /// comes from the DSO), so a missing private introduction meter is only a warning there.
    /// </summary>
    private void CheckIntroductions(SiteType type, IReadOnlyList<GridConnectionSpec> connections, IReadOnlyList<ExistingMeter> meters, List<SiteFinding> findings)
    {
        var introductions = meters.Where(m => m.Role == MeterRole.GridIntroduction).ToList();
        if (connections.Count == 0)
        {
            findings.Add(Error("Site.NoGridConnection"));
            return;
        }

        var connectionList = string.Join(", ", connections.Select(c => c.Name));
        var known = connections.Select(c => c.Id).ToHashSet();
        foreach (var meter in introductions)
        {
            if (meter.GridConnectionId is null && connections.Count > 1)
            {
                findings.Add(Error("Site.IntroductionUnassigned", meter.Name, connectionList));
            }
            else if (meter.GridConnectionId is { } id && !known.Contains(id))
            {
                findings.Add(Error("Site.IntroductionUnknownConnection", meter.Name, connectionList));
            }
        }

        foreach (var connection in connections)
        {
            var measuring = introductions
                .Where(m => m.GridConnectionId == connection.Id || (m.GridConnectionId is null && connections.Count == 1))
                .ToList();
            if (measuring.Count == 0)
            {
                findings.Add(type == SiteType.VirtualRcp
                    ? Warning("Site.IntroductionMissingVirtual", connection.Name)
                    : Error("Site.IntroductionMissing", connection.Name));
            }
            else if (measuring.Count > 1)
            {
                findings.Add(Error("Site.IntroductionTwice", connection.Name, measuring.Count, string.Join(", ", measuring.Select(m => m.Name))));
            }
        }
    }

    /// <summary>A single-consumer site derives consumption; every other kind bills consumer meters.</summary>
    private void CheckConsumers(SiteType type, IReadOnlyList<GridConnectionSpec> connections, IReadOnlyList<ExistingMeter> meters, List<SiteFinding> findings)
    {
        if (type != SiteType.SingleConsumer)
        {
            if (!meters.Any(m => m.Role is MeterRole.Consumer or MeterRole.CommonArea))
            {
                findings.Add(Error("Site.NoConsumer"));
            }

            return;
        }

        if (connections.Count > 1)
        {
            findings.Add(Error("Site.SingleConsumerOneConnection", connections.Count));
        }

        if (!meters.Any(m => m.Role == MeterRole.PvProduction))
        {
            findings.Add(Error("Site.SingleConsumerNoProduction"));
        }

        // Harmless to the derivation, but it would be billed twice if someone later relied on it.
        foreach (var meter in meters.Where(m => m.Role == MeterRole.Consumer))
        {
            findings.Add(Warning("Site.SingleConsumerHasConsumer", meter.Name));
        }
    }

    private void CheckConverters(IReadOnlyList<BusSpec> buses, List<SiteFinding> findings)
    {
        var byAddress = new Dictionary<string, BusSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var bus in buses.Where(b => b.Kind == BusKind.Tcp))
        {
            if (string.IsNullOrWhiteSpace(bus.Host))
            {
                findings.Add(Error("Site.ConverterHostMissing", bus.Name));
                continue;
            }

            var host = ConverterHost.Canonical(bus.Host);
            if (host is null)
            {
                findings.Add(Error("Site.ConverterHostInvalid", bus.Name, bus.Host.Trim()));
                continue;
            }

            var port = bus.Port ?? DefaultModbusPort;
            if (port is < 1 or > 65535)
            {
                findings.Add(Error("Site.ConverterPortInvalid", bus.Name, port));
                continue;
            }

            var address = ConverterHost.WithPort(host, port);
            if (byAddress.TryGetValue(address, out var first))
            {
                findings.Add(Error("Site.ConverterAddressTwice", first.Name, bus.Name, address));
            }
            else
            {
                byAddress[address] = bus;
            }
        }
    }

    private void CheckBuses(IReadOnlyList<BusSpec> buses, IReadOnlyList<ExistingMeter> meters, List<SiteFinding> findings)
    {
        var busIds = buses.Select(b => b.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var busList = string.Join(", ", buses.Select(b => b.Name));
        foreach (var meter in meters.Where(m => !busIds.Contains(m.BusId)))
        {
            findings.Add(Error("Site.MeterOffBus", meter.Name, meter.BusId, busList));
        }

        var counts = meters.GroupBy(m => m.BusId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var bus in buses)
        {
            var count = counts.GetValueOrDefault(bus.Id);
            if (count == 0)
            {
                findings.Add(Warning("Site.BusEmpty", bus.Name));
            }
            else if (count > MeterSheetValidator.MaxMetersPerSegment)
            {
                findings.Add(Warning("Bus.SegmentFull", bus.Name, count, MeterSheetValidator.MaxMetersPerSegment));
            }
        }
    }

    private SiteFinding Error(string key, params object[] arguments) => new(localizer.Text(key, arguments));

    private SiteFinding Warning(string key, params object[] arguments) => new(localizer.Text(key, arguments), IsWarning: true);
}

/// <summary>
/// A single-consumer site (a house with PV) has no consumer meter: what the house used is
/// what the PV made plus what came from the grid minus what went back (seed 000).
/// </summary>
public static class SingleConsumer
{
    /// <summary>
    /// Consumption in kWh over one period from the three meters' energy over the same period.
    /// Inputs are register differences and cannot be negative. The result is not clamped: over a
    /// short interval the meters, read a moment apart, may give a few Wh below zero, which sum
    /// out over a billing period; hiding them would make the period total wrong.
    /// </summary>
    public static decimal Consumption(decimal productionKwh, decimal withdrawalKwh, decimal injectionKwh)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productionKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(withdrawalKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(injectionKwh);
        return productionKwh + withdrawalKwh - injectionKwh;
    }
}
