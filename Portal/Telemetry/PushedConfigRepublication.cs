using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>
/// Each time the portal (re)connects to the broker, publishes again, retained, the last configuration pushed to
/// each gateway, byte for byte as it was pushed: a broker that restarted without its retained messages gets them
/// back, and an edge that already applied that version just acknowledges it again. The last control overrides of
/// each gateway are republished the same way. A gateway no one pushed gets
/// nothing: a configuration reaches a cabinet only through "Review and push".
/// </summary>
public sealed partial class PushedConfigRepublication(
    PortalBroker broker,
    GatewayConfigPublisher publisher,
    Control.ControlOverridesPublisher overrides,
    IDbContextFactory<PortalDbContext> contexts,
    ILogger<PushedConfigRepublication> logger) : BackgroundService
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
                await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
                {
                    var pushed = await db.Gateways.Where(g => g.PushedConfig != null).OrderBy(g => g.Id).Select(g => g.Id).ToListAsync(stoppingToken);
                    foreach (var gateway in pushed)
                    {
                        await publisher.PublishPushedAsync(gateway, stoppingToken);
                    }

                    LogRepublished(pushed.Count);
                }

                // The control overrides likewise: a Manual relay stays as the owner left it across restarts.
                foreach (var gateway in await overrides.PublishedGatewaysAsync(stoppingToken))
                {
                    await overrides.PublishStoredAsync(gateway, stoppingToken);
                }

                await broker.Client.WaitForStatusAsync(s => s.State != MqttConnectionState.Connected, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Republished the last pushed configuration of {Count} gateway(s)")]
    private partial void LogRepublished(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Republishing pushed gateway configurations failed; retrying")]
    private partial void LogFailed(Exception exception);
}
