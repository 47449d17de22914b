using System.Text;
using Portal.Messaging;

namespace Portal.Tests.Messaging;

internal static class MqttTestClients
{
    public const string GatewayUser = "gw-1";
    public const string GatewayPassword = "gw-1-secret";
    public const string PortalUser = "portal";
    public const string PortalPassword = "portal-secret";

    public static MosquittoBroker StartBroker() => new((GatewayUser, GatewayPassword), (PortalUser, PortalPassword));

    public static MqttConnectionOptions Options(MosquittoBroker broker, string clientId, string user = PortalUser, string password = PortalPassword) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = clientId,
        Username = user,
        Password = password,
        KeepAlive = TimeSpan.FromSeconds(5),
        ReconnectDelayMin = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(400),
        ConnackTimeout = TimeSpan.FromSeconds(3),
        PingInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>A started connection with these filters (QoS 1) subscribed, once it is connected.</summary>
    public static async Task<MqttConnection> ConnectedAsync(MqttConnectionOptions options, CancellationToken ct, params string[] filters)
    {
        var client = new MqttConnection(options);
        foreach (var filter in filters)
        {
            await client.SubscribeAsync(filter, 1, ct);
        }

        client.Start();
        await client.WaitUntilConnectedAsync(ct);
        return client;
    }

    public static async Task<MqttMessage> NextOnAsync(this MqttConnection client, string topic, CancellationToken ct)
    {
        while (true)
        {
            var message = await client.Messages.ReadAsync(ct);
            await message.AcknowledgeAsync(ct);
            if (message.Topic == topic)
            {
                return message;
            }
        }
    }

    public static string Text(this MqttMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    public static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
