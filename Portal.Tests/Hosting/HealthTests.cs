using System.Net;
using System.Text.Json;
using Portal.Hosting;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Hosting;

/// <summary>The probes a supervisor or load balancer asks: alive, and ready to serve (database, broker).</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Without_telemetry_the_portal_is_live_and_ready_once_its_database_answers()
    {
        await using var server = await PortalServer.StartAsync();
        using var client = server.CreateClient();

        using var live = await client.GetAsync(PortalHealth.LivePath);
        var ready = await ReadAsync(client);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Checks["database"]);
        Assert.Equal("Healthy", ready.Checks["broker"]);
    }

    [Fact]
    public async Task Ready_follows_the_broker_connection_while_live_stays_up()
    {
        using var broker = MqttTestClients.StartBroker();
        await using var server = await PortalServer.StartWithBrokerAsync(broker);
        using var client = server.CreateClient();

        var connected = await WaitForAsync(client, HttpStatusCode.OK);
        broker.Kill();
        var disconnected = await WaitForAsync(client, HttpStatusCode.ServiceUnavailable);
        using var live = await client.GetAsync(PortalHealth.LivePath);

        Assert.Equal("Healthy", connected.Checks["broker"]);
        Assert.Equal("Unhealthy", disconnected.Checks["broker"]);
        Assert.Equal("Healthy", disconnected.Checks["database"]);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static async Task<Readiness> WaitForAsync(HttpClient client, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Readiness last;
        do
        {
            last = await ReadAsync(client);
            if (last.Status == wanted)
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"/health/ready stayed {last.Status}, wanted {wanted}");
        return last;
    }

    private static async Task<Readiness> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(PortalHealth.ReadyPath);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
        return new Readiness(response.StatusCode, checks);
    }

    private sealed record Readiness(HttpStatusCode Status, IReadOnlyDictionary<string, string> Checks);
}
