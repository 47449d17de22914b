using System.Text;
using Portal.Messaging;
using static Portal.Tests.Messaging.MqttTestClients;

namespace Portal.Tests.Messaging;

/// <summary>The MQTTnet-based connection against a real mosquitto on 127.0.0.1.</summary>
public sealed class MqttConnectionTests : IDisposable
{
    private readonly MosquittoBroker _broker = StartBroker();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Qos1_publish_completes_on_broker_acknowledgement_and_reaches_the_subscriber()
    {
        var ct = Within(10);
        await using var subscriber = await ConnectedAsync(Options(_broker, "portal-sub"), ct, "sites/+/gateways/+/intervals");
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
        await using var client = new MqttConnection(Options(_broker, "gw-1", GatewayUser, "wrong"));
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
        await using var watcher = await ConnectedAsync(Options(_broker, "portal-watch"), ct, statusTopic);
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
        var ct = Within(20);
        await using var subscriber = await ConnectedAsync(Options(_broker, "portal-sub"), ct, "sites/s1/gateways/gw-1/config");

        MqttConnectionStatus? lost = null;
        _broker.Kill();
        await subscriber.WaitForStatusAsync(s => (lost = s).State is MqttConnectionState.Disconnected, ct);
        Assert.NotNull(lost!.LastError);
        _broker.Start();
        await subscriber.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected && s.Connections == 2, ct);

        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);
        await publisher.PublishAsync("sites/s1/gateways/gw-1/config", Encoding.UTF8.GetBytes("v2"), 1, retain: false, ct);
        Assert.Equal("v2", (await subscriber.NextOnAsync("sites/s1/gateways/gw-1/config", ct)).Text());
    }

    [Fact]
    public async Task Filters_added_while_the_client_is_connecting_are_all_subscribed_on_that_connection()
    {
        var ct = Within(20);
        _broker.Kill();
        await using var subscriber = new MqttConnection(Options(_broker, "portal-sub"));
        await subscriber.SubscribeAsync("early/0", 1, ct);
        subscriber.Start();
        await subscriber.WaitForStatusAsync(s => s.State == MqttConnectionState.Disconnected, ct);

        // Filters keep arriving before, during and after the connect: none may wait for a reconnect.
        _broker.Start();
        var filters = new List<string> { "early/0" };
        for (var i = 1; i < 60; i++)
        {
            var filter = $"racing/{i}";
            filters.Add(filter);
            await subscriber.SubscribeAsync(filter, 1, ct);
            await Task.Delay(2, ct);
        }

        await subscriber.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, ct);
        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);
        foreach (var filter in filters)
        {
            await publisher.PublishAsync(filter, Encoding.UTF8.GetBytes(filter), 1, retain: false, ct);
        }

        var received = new HashSet<string>();
        while (received.Count < filters.Count)
        {
            received.Add((await subscriber.Messages.ReadAsync(ct)).Topic);
        }

        Assert.Equal(filters.Order(), received.Order());
        Assert.Equal(1, subscriber.Status.Connections);
    }

    [Fact]
    public async Task An_unacknowledged_qos1_message_is_delivered_again_after_the_subscriber_dies_and_an_acknowledged_one_is_not()
    {
        var ct = Within(20);
        const string topic = "sites/s1/gateways/gw-1/intervals";
        var manual = Options(_broker, "portal-durable") with { CleanStart = false, ManualAcknowledgement = true };
        var first = await ConnectedAsync(manual, ct, topic);
        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);
        await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes("acked"), 1, retain: false, ct);
        await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes("not acked"), 1, retain: false, ct);

        var acked = await first.Messages.ReadAsync(ct);
        await acked.AcknowledgeAsync(ct);
        var notAcked = await first.Messages.ReadAsync(ct);
        Assert.Equal(("acked", "not acked"), (acked.Text(), notAcked.Text()));
        await Task.Delay(200, ct);
        await first.AbandonAsync();

        await using var second = await ConnectedAsync(manual, ct, topic);
        var again = await second.Messages.ReadAsync(ct);
        Assert.Equal("not acked", again.Text());
        Assert.True(again.Duplicate);
        await again.AcknowledgeAsync(ct);
        await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes("next"), 1, retain: false, ct);
        Assert.Equal("next", (await second.Messages.ReadAsync(ct)).Text());
    }

    [Fact]
    public async Task Asking_for_redelivery_brings_back_what_was_not_acknowledged()
    {
        var ct = Within(20);
        const string topic = "sites/s1/gateways/gw-1/config/ack";
        await using var subscriber = await ConnectedAsync(Options(_broker, "portal-redeliver") with { CleanStart = false, ManualAcknowledgement = true }, ct, topic);
        await using var publisher = await ConnectedAsync(Options(_broker, "gw-1", GatewayUser, GatewayPassword), ct);
        await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes("ack v3"), 1, retain: false, ct);
        Assert.False((await subscriber.Messages.ReadAsync(ct)).Duplicate);

        subscriber.RequestRedelivery();

        var again = await subscriber.Messages.ReadAsync(ct);
        Assert.Equal(("ack v3", true), (again.Text(), again.Duplicate));
        await subscriber.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected && s.Connections == 2, ct);
    }

    [Fact]
    public async Task Publishing_while_the_broker_is_unreachable_fails_fast_instead_of_queueing()
    {
        var ct = Within(10);
        _broker.Kill();
        await using var client = new MqttConnection(Options(_broker, "gw-1", GatewayUser, GatewayPassword));
        client.Start();

        await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Disconnected, ct);

        Assert.Contains("refused", client.Status.LastError, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("t", new byte[] { 1 }, 1, false, ct));
    }

    [Fact]
    public void Options_list_every_problem()
    {
        var options = new MqttConnectionOptions { Host = "", Port = 0, ClientId = "", Password = "x", ReceiveMaximum = 0, PingInterval = TimeSpan.Zero };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
    }
}
