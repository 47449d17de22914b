using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Edge.Control.Hosting;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.ControlService;

/// <summary>
/// The portal's overrides across an edge restart (docs/edge.md, Control): the edge keeps the last retained
/// <c>control/overrides</c> in control-overrides.json, so a Manual relay holds its switch with no broker; a corrupt
/// file is logged and ignored, and the retained message then decides. Real mosquitto, simulator and edge, real time.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ControlServiceRestartTests
{
    private const string RelayId = "boiler";

    [Fact]
    public async Task A_Manual_relay_switched_on_stays_on_after_an_edge_restart_with_no_broker_from_control_overrides_json()
    {
        await using var site = ControlServiceTests.NewSite();
        await SwitchedOnAsync(site);
        await site.StopEdgeAsync();

        // No broker, so no retained message: only the file can tell the new edge that the portal switched it on.
        site.Broker.Stop();
        await site.StartEdgeAsync();

        // Without the file the first cycle would command the coil off (a Manual relay with no override is off).
        var service = site.EdgeServices.GetRequiredService<Portal.Edge.Control.Hosting.ControlService>();
        await TelemetryChain.EventuallyAsync(() => service.LastCycle is not null, TimeSpan.FromSeconds(10), () => "the control loop did not start offline");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(ControlServiceTests.Coil(site), "the boiler went off after the restart");
        Assert.Contains(service.LastCycle!.Relays, r => r is { RelayId: RelayId, On: true, Reason: DecisionReason.Manual });
        Assert.Equal(1, site.EdgeServices.GetRequiredService<ControlOverridesStore>().Current?.Version);
    }

    [Fact]
    public async Task A_corrupt_control_overrides_json_is_logged_and_ignored_and_the_retained_overrides_win()
    {
        await using var site = ControlServiceTests.NewSite();
        await SwitchedOnAsync(site);
        await site.StopEdgeAsync();
        var store = Path.Combine(site.DataDirectory, "control-overrides.json");
        Assert.True(File.Exists(store));
        await File.WriteAllTextAsync(store, "{\"schema\":1,\"version\":");

        await site.StartEdgeAsync();

        var overrides = site.EdgeServices.GetRequiredService<ControlOverridesStore>();
        await TelemetryChain.EventuallyAsync(() => overrides.Current is { Version: 1 }, TimeSpan.FromSeconds(10), () => "the retained overrides never replaced the corrupt file");
        var service = site.EdgeServices.GetRequiredService<Portal.Edge.Control.Hosting.ControlService>();
        await TelemetryChain.EventuallyAsync(
            () => ControlServiceTests.Coil(site) && service.LastCycle?.Relays.Any(r => r is { RelayId: RelayId, On: true }) == true,
            TimeSpan.FromSeconds(5), () => "the boiler is not on after the retained overrides arrived");
        Assert.Contains("Cached control overrides", await EdgeLogAsync(site), StringComparison.Ordinal);
        Assert.Equal(1, Portal.Contracts.Mqtt.ContractParser.ParseControlOverrides(await File.ReadAllBytesAsync(store)).Value?.Version);
    }

    private static async Task SwitchedOnAsync(TelemetryChain site)
    {
        await ControlServiceTests.StartWithControlAsync(site, RelayMode.Manual);
        await site.StandIn.PublishOverridesAsync(new ControlOverridesMessage(ContractVersion.Current, 1, site.Now, [new ManualRelayState(RelayId, true)], []));
        await TelemetryChain.EventuallyAsync(() => ControlServiceTests.Coil(site), TimeSpan.FromSeconds(5), () => "the boiler did not go on");
        await TelemetryChain.EventuallyAsync(
            () => File.Exists(Path.Combine(site.DataDirectory, "control-overrides.json")), TimeSpan.FromSeconds(5), () => "no control-overrides.json");
    }

    private static async Task<string> EdgeLogAsync(TelemetryChain site)
    {
        var text = "";
        foreach (var file in Directory.GetFiles(Path.Combine(site.DataDirectory, "logs")))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            text += await new StreamReader(stream).ReadToEndAsync();
        }

        return text;
    }
}
