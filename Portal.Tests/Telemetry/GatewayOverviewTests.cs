using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Telemetry;

/// <summary>
/// The gateways overview against a real SQLite file, fed through the ingestion as the broker would, on a fake clock:
/// online or offline, last data, meters not answering, the configuration's state, the backlog, and who sees it.
/// </summary>
public sealed class GatewayOverviewTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;
    private TelemetryIngestion _ingestion = null!;
    private ClaimsPrincipal _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _site = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-overview", meters: 3);
        _ingestion = _server.App.Services.GetRequiredService<TelemetryIngestion>();
        _owner = await _server.PrincipalAsync(await _server.CreateOwnerOfAsync(_site.SiteId));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_gateway_heard_now_is_online_with_its_last_data_and_backlog_and_every_meter_answering()
    {
        var now = _clock.GetUtcNow();
        var quarter = now.AddMinutes(-15);
        await _ingestion.IngestAsync(
        [
            _site.Status(GatewayState.Online, now, backlog: 12),
            .. _site.MeterIds.Select(m => _site.Live(m, now.AddSeconds(-3), 500m)),
            _site.Interval(_site.MeterIds[0], quarter, importWh: 120),
        ], default);

        var gateway = Assert.Single((await OverviewAsync(_owner))!.Gateways);

        Assert.True(gateway.Online);
        Assert.Equal(now, gateway.LastSeen);
        Assert.Equal(now, gateway.LastIntervalReceived);
        Assert.Equal(now.AddSeconds(-3), gateway.LastLiveReading);
        Assert.Equal(3, gateway.Meters);
        Assert.Empty(gateway.SilentMeters);
        Assert.Equal(12, gateway.OutboxBacklog);
    }

    [Fact]
    public async Task A_gateway_is_offline_by_its_last_will_or_after_three_silent_heartbeats_and_each_state_says_since_when()
    {
        var came = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Status(GatewayState.Online, came)], default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var heard = _clock.GetUtcNow();
        // Heartbeats and data keep it online since it came.
        await _ingestion.IngestAsync([_site.Status(GatewayState.Online, heard), _site.Live(_site.MeterIds[0], heard, 100m)], default);
        var online = await GatewayAsync();
        Assert.Equal((true, came, heard), (online.Online, online.Since, online.LastSeen));

        // No last will (a cut cable): silence alone makes it offline, since it was last heard.
        _clock.Advance(TimeSpan.FromMinutes(4));
        var silent = await GatewayAsync();
        Assert.Equal((false, heard, heard), (silent.Online, silent.Since, silent.LastSeen));

        // Back after the silence: online since now, not since it first came.
        var back = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Status(GatewayState.Online, back)], default);
        Assert.Equal((true, back), ((await GatewayAsync()).Online, (await GatewayAsync()).Since));

        _clock.Advance(TimeSpan.FromSeconds(20));
        await _ingestion.IngestAsync([_site.Status(GatewayState.Offline, _clock.GetUtcNow())], default);
        var gone = await GatewayAsync();
        Assert.Equal((false, back, back), (gone.Online, gone.Since, gone.LastSeen));
    }

    [Fact]
    public async Task A_meter_silent_longer_than_the_threshold_is_listed_with_its_bus_and_since_when_and_a_recent_quarter_hour_counts_as_heard()
    {
        var first = _clock.GetUtcNow();
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], first, 400m), _site.Live(_site.MeterIds[1], first, 300m)], default);

        // Just inside the threshold meter 1 still answers; meter 3 was never heard.
        _clock.Advance(GatewayOverview.MeterSilentAfter - TimeSpan.FromMinutes(1));
        Assert.Equal([_site.MeterIds[2]], (await GatewayAsync()).SilentMeters.Select(m => m.Id));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var now = _clock.GetUtcNow();
        // Meter 2 sends no live value, but its last quarter-hour (11:00-11:15) arrived: it answers.
        await _ingestion.IngestAsync(
        [
            _site.Status(GatewayState.Online, now),
            _site.Interval(_site.MeterIds[1], first, importWh: 80),
        ], default);

        var gateway = await GatewayAsync();

        Assert.True(gateway.Online);
        var bus = $"{_site.GatewayId}-bus-1";
        Assert.Equal([new SilentMeter(_site.MeterIds[0], "Meter 1", bus, first), new SilentMeter(_site.MeterIds[2], "Meter 3", bus, null)], gateway.SilentMeters);
        Assert.Equal(first, gateway.LastLiveReading);
        Assert.Equal(now, gateway.LastIntervalReceived);
    }

    [Fact]
    public async Task The_configuration_is_pending_until_the_gateway_acknowledges_that_very_version_then_applied_or_rejected_with_its_reason()
    {
        Assert.Equal(ConfigApplication.None, (await GatewayAsync()).Config);

        await SetPushedVersionAsync(1);
        Assert.Equal(ConfigApplication.Pending, (await GatewayAsync()).Config);

        await _ingestion.IngestAsync([_site.Ack(1, ConfigOutcome.Applied, _clock.GetUtcNow())], default);
        var applied = await GatewayAsync();
        Assert.Equal((ConfigApplication.Applied, 1L, 1L), (applied.Config, applied.ConfigVersion, applied.AckedConfigVersion));
        Assert.Equal(_clock.GetUtcNow(), applied.ConfigAcknowledged);

        // A new push: the acknowledgement of version 1 no longer says anything about version 2.
        await SetPushedVersionAsync(2);
        var pending = await GatewayAsync();
        Assert.Equal((ConfigApplication.Pending, 2L, 1L), (pending.Config, pending.ConfigVersion, pending.AckedConfigVersion));

        await _ingestion.IngestAsync([_site.Ack(2, ConfigOutcome.Rejected, _clock.GetUtcNow(), "bus conv-0: unknown parity 'mark'")], default);
        var rejected = await GatewayAsync();
        Assert.Equal((ConfigApplication.Rejected, "bus conv-0: unknown parity 'mark'"), (rejected.Config, rejected.ConfigRejectReason));
    }

    [Fact]
    public async Task Only_the_sites_owner_its_installer_and_administrators_see_its_gateways()
    {
        var otherOwner = await _server.CreateAccountAsync(Roles.Owner);
        await _server.CreateOwnedSiteAsync(otherOwner);
        var unassigned = await _server.CreateAccountAsync(Roles.Installer);
        var assigned = await _server.CreateInstallerOfAsync(_site.SiteId);
        var resident = await _server.CreateAccountAsync(Roles.Resident);
        var administrator = await _server.CreateAccountAsync(Roles.Administrator);

        Assert.Null(await OverviewAsync(await _server.PrincipalAsync(otherOwner)));
        Assert.Null(await OverviewAsync(await _server.PrincipalAsync(unassigned)));
        Assert.Null(await OverviewAsync(await _server.PrincipalAsync(resident)));
        Assert.NotNull(await OverviewAsync(_owner));
        Assert.NotNull(await OverviewAsync(await _server.PrincipalAsync(assigned)));
        Assert.NotNull(await OverviewAsync(await _server.PrincipalAsync(administrator)));
        Assert.Null(await Service().ForAsync(_owner, Guid.NewGuid()));
    }

    [Fact]
    public async Task A_support_installer_sees_every_sites_gateways_and_a_site_without_gateways_has_an_empty_list()
    {
        await using var support = await PortalServer.StartAsync(_clock, "--Portal:Installers:SeeAllSites=true");
        var owner = await support.CreateAccountAsync(Roles.Owner);
        var bare = await support.CreateOwnedSiteAsync(owner);
        var installer = await support.PrincipalAsync(await support.CreateAccountAsync(Roles.Installer));
        await using var scope = support.App.Services.CreateAsyncScope();

        var seen = await scope.ServiceProvider.GetRequiredService<GatewayOverview>().ForAsync(installer, bare);

        Assert.NotNull(seen);
        Assert.Empty(seen.Gateways);
    }

    private GatewayOverview Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<GatewayOverview>();

    private Task<SiteGatewaysView?> OverviewAsync(ClaimsPrincipal user) => Service().ForAsync(user, _site.SiteId);

    private async Task<GatewayHealth> GatewayAsync() => Assert.Single((await OverviewAsync(_owner))!.Gateways);

    private IDbContextFactory<PortalDbContext> Contexts() => _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private async Task SetPushedVersionAsync(long version)
    {
        await using var db = await Contexts().CreateDbContextAsync();
        await db.Gateways.Where(g => g.Id == _site.GatewayId).ExecuteUpdateAsync(g => g.SetProperty(x => x.ConfigVersion, version));
    }
}
