using System.Text;
using Portal.Messaging;
using static Portal.Tests.Messaging.MqttTestClients;

namespace Portal.Tests.Messaging;

public sealed class MqttClientTests : IDisposable
{
    private readonly MosquittoBroker _broker = StartBroker();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Qos1_publish_completes_on_broker_acknowledgement_and_reaches_the_subscriber()
    {
        var ct = Within(10);
        await using var subscriber = await ConnectedAsync(Options(_broker, "portal-sub"), ct);
        await subscriber.SubscribeAsync("sites/+/gateways/+/intervals", 1, ct);
        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);

        await publisher.PublishAsync("sites/s1/gateways/gw-1/intervals", Encoding.UTF8.GetBytes("hello"), 1, retain: false, ct);

        var received = await subscriber.NextOnAsync("sites/s1/gateways/gw-1/intervals", ct);
        Assert.Equal("hello", received.Text());
        Assert.Equal(1, received.Qos);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_error()
    {
        var ct = Within(10);
        await using var client = new MqttClient(Options(_broker, "gw-1", GatewayUser, "wrong"));
        client.Start();

        await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Refused, ct);

        Assert.Contains("not authorised", client.Status.LastError, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("t", new byte[] { 1 }, 1, false, ct));
    }

    [Fact]
    public async Task Last_will_is_published_when_the_client_dies_but_not_when_it_disconnects_cleanly()
    {
        var ct = Within(10);
        const string statusTopic = "sites/s1/gateways/gw-1/status";
        await using var watcher = await ConnectedAsync(Options(_broker, "portal-watch"), ct);
        await watcher.SubscribeAsync(statusTopic, 1, ct);
        var options = Options(_broker, "gw-1", GatewayUser, GatewayPassword) with
        {
            Will = new MqttWill(statusTopic, Encoding.UTF8.GetBytes("offline"), 1, Retain: true),
        };

        var clean = await ConnectedAsync(options, ct);
        await clean.DisposeAsync();
        var dying = await ConnectedAsync(options, ct);
        await dying.PublishAsync(statusTopic, Encoding.UTF8.GetBytes("online"), 1, retain: true, ct);
        await dying.AbandonAsync();

        Assert.Equal("online", (await watcher.NextOnAsync(statusTopic, ct)).Text());
        Assert.Equal("offline", (await watcher.NextOnAsync(statusTopic, ct)).Text());
    }

    [Fact]
    public async Task Supervisor_reconnects_after_the_broker_restarts_and_subscribes_again()
    {
        var ct = Within(15);
        await using var subscriber = await ConnectedAsync(Options(_broker, "portal-sub"), ct);
        await subscriber.SubscribeAsync("sites/s1/gateways/gw-1/config", 1, ct);

        _broker.Kill();
        await subscriber.WaitForStatusAsync(s => s.State is MqttConnectionState.Disconnected, ct);
        Assert.Equal(MqttConnectionState.Disconnected, subscriber.Status.State);
        Assert.NotNull(subscriber.Status.LastError);
        _broker.Start();
        await subscriber.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected && s.Connections == 2, ct);

        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);
        await publisher.PublishAsync("sites/s1/gateways/gw-1/config", Encoding.UTF8.GetBytes("v2"), 1, retain: false, ct);
        Assert.Equal("v2", (await subscriber.NextOnAsync("sites/s1/gateways/gw-1/config", ct)).Text());
    }

    [Fact]
    public async Task Publishing_while_the_broker_is_unreachable_fails_fast_instead_of_queueing()
    {
        var ct = Within(10);
        _broker.Kill();
        await using var client = new MqttClient(Options(_broker, "gw-1", GatewayUser, GatewayPassword));
        client.Start();

        await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Disconnected, ct);

        Assert.Contains("refused", client.Status.LastError, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("t", new byte[] { 1 }, 1, false, ct));
    }

    [Fact]
    public void Options_list_every_problem()
    {
        var options = new MqttClientOptions { Host = "", Port = 0, ClientId = "", Password = "x", KeepAlive = TimeSpan.FromSeconds(1), TlsCertFile = "c.pem" };

        var errors = options.Validate();

        Assert.True(errors.Count >= 6, string.Join(Environment.NewLine, errors));
    }
}
