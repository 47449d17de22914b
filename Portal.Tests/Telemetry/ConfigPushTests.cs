using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Messaging;
using Portal.Telemetry;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Telemetry;

/// <summary>A configuration reaches a cabinet only when pushed, under a version no other push shares (real mosquitto).</summary>
public sealed class ConfigPushTests
{
    [Fact]
    public async Task After_a_restart_the_portal_republishes_only_the_last_pushed_configuration_and_nothing_for_a_gateway_never_pushed()
    {
        using var broker = MqttTestClients.StartBroker();
        var data = RepositoryPaths.NewTempDirectory("portal-restart");
        var (pushed, never) = await PortalServer.PrepareDataAsync(data, async services =>
            (await TelemetrySite.CreateAsync(services, "gw-pushed", meters: 2), await TelemetrySite.CreateAsync(services, "gw-never", meters: 2)));
        string[] topics = [pushed.Topic(TopicKind.Config), never.Topic(TopicKind.Config)];

        // Before the restart: the installer pushes one site; the other never reached "Review and push".
        var beforeRestart = new ConcurrentQueue<MqttMessage>();
        long version;
        byte[] pushedPayload;
        await using (var watcher = await WatchAsync(broker, "watcher-1", beforeRestart, topics))
        await using (var first = await StartPortalAsync(broker, data))
        {
            await using var scope = first.App.Services.CreateAsyncScope();
            version = await scope.ServiceProvider.GetRequiredService<SiteCommissioning>().PushAsync(pushed.SiteId);
            pushedPayload = (await NextAsync(beforeRestart, topics[0])).Payload.ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.DoesNotContain(beforeRestart, m => m.Topic == topics[1]);

        // The broker restarts without its retained messages (killed before it saved them), then the portal restarts.
        broker.Kill();
        broker.Start();
        var afterRestart = new ConcurrentQueue<MqttMessage>();
        await using (var second = await StartPortalAsync(broker, data))
        await using (var watcher = await WatchAsync(broker, "watcher-2", afterRestart, topics))
        {
            var republished = await NextAsync(afterRestart, topics[0]);
            await Task.Delay(TimeSpan.FromSeconds(2));

            Assert.Equal(pushedPayload, republished.Payload.ToArray());
            Assert.Equal(version, ContractParser.ParseConfig(republished.Payload.Span).Value!.Version);
            Assert.DoesNotContain(afterRestart, m => m.Topic == topics[1]);
            await using var db = await second.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            Assert.Equal(0, await db.Gateways.Where(g => g.Id == never.GatewayId).Select(g => g.ConfigVersion).SingleAsync());
            Assert.Equal(version, await db.Gateways.Where(g => g.Id == pushed.GatewayId).Select(g => g.ConfigVersion).SingleAsync());
        }

        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Concurrent_pushes_to_one_gateway_get_distinct_versions_and_the_broker_ends_with_the_highest()
    {
        const int pushes = 8;
        using var broker = MqttTestClients.StartBroker();
        await using var portal = await StartPortalAsync(broker, dataDirectory: null);
        var site = await TelemetrySite.CreateAsync(portal.App.Services, "gw-race", meters: 2);
        var topic = site.Topic(TopicKind.Config);
        var live = new ConcurrentQueue<MqttMessage>();
        await using var watcher = await WatchAsync(broker, "watcher-live", live, topic);

        var versions = await Task.WhenAll(Enumerable.Range(0, pushes).Select(_ => Task.Run(async () =>
        {
            await using var scope = portal.App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SiteCommissioning>().PushAsync(site.SiteId);
        })));

        Assert.Equal(Enumerable.Range(1, pushes).Select(v => (long)v), versions.Order());
        await NextAsync(live, topic, m => VersionOf(m) == pushes);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(pushes, VersionOf(live.Last(m => m.Topic == topic)));
        var retained = new ConcurrentQueue<MqttMessage>();
        await using var late = await WatchAsync(broker, "watcher-late", retained, topic);
        var kept = await NextAsync(retained, topic);
        Assert.Equal(pushes, VersionOf(kept));
        await using var db = await portal.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.Gateways.SingleAsync(g => g.Id == site.GatewayId);
        Assert.Equal(pushes, stored.ConfigVersion);
        Assert.Equal(stored.PushedConfig, kept.Text());
    }

    private static long VersionOf(MqttMessage message) => ContractParser.ParseConfig(message.Payload.Span).Value!.Version;

    private static async Task<PortalServer> StartPortalAsync(MosquittoBroker broker, string? dataDirectory)
    {
        var portal = dataDirectory is null
            ? await PortalServer.StartWithBrokerAsync(broker)
            : await PortalServer.StartWithBrokerAsync(broker, $"--Portal:DataDirectory={dataDirectory}");
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await portal.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, connected.Token);
        return portal;
    }

    /// <summary>A subscriber that keeps every message on these topics, retained ones included.</summary>
    private static async Task<AsyncDisposableWatcher> WatchAsync(MosquittoBroker broker, string clientId, ConcurrentQueue<MqttMessage> into, params string[] topics)
    {
        var client = await MqttTestClients.ConnectedAsync(MqttTestClients.Options(broker, $"{clientId}-{Guid.NewGuid():N}"), MqttTestClients.Within(20), topics);
        var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var message = await client.Messages.ReadAsync(stop.Token);
                    await message.AcknowledgeAsync(stop.Token);
                    into.Enqueue(message);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new AsyncDisposableWatcher(client, stop, reading);
    }

    private static async Task<MqttMessage> NextAsync(ConcurrentQueue<MqttMessage> messages, string topic, Func<MqttMessage, bool>? matching = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (messages.FirstOrDefault(m => m.Topic == topic && (matching is null || matching(m))) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Nothing (matching) arrived on {topic} within 20 s; got {messages.Count} message(s).");
        return null!;
    }

    private sealed class AsyncDisposableWatcher(MqttConnection client, CancellationTokenSource stop, Task reading) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading;
            await client.DisposeAsync();
            stop.Dispose();
        }
    }
}
