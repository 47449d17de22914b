using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>
/// Once the broker is reachable, publishes a first configuration to every gateway that has none
/// yet (a new site, the demo). Later versions are published when the installer pushes them.
/// </summary>
public sealed partial class PendingConfigPublication(
    PortalBroker broker,
    GatewayConfigPublisher publisher,
    IDbContextFactory<PortalDbContext> contexts,
    ILogger<PendingConfigPublication> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!broker.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await broker.Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, stoppingToken);
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                var pending = await db.Gateways.Where(g => g.ConfigVersion == 0).Select(g => g.Id).ToListAsync(stoppingToken);
                foreach (var gateway in pending)
                {
                    var version = await publisher.PublishAsync(gateway, stoppingToken);
                    LogPublished(gateway, version);
                }

                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published configuration version {Version} to gateway {Gateway}")]
    private partial void LogPublished(string gateway, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing pending gateway configurations failed; retrying")]
    private partial void LogFailed(Exception exception);
}
