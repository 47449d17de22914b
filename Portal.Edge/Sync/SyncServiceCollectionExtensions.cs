using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Portal.Edge.Control.Hosting;
using Portal.Edge.Intervals;
using Portal.Messaging;

namespace Portal.Edge.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers store-and-forward sync. Needs an <see cref="IGatewayConfigApplier"/> from the polling side.
    /// The MQTT client runs on the real clock (CONNACK and reconnect waits are about the network); everything else
    /// takes the registered <see cref="TimeProvider"/>, the site clock.
    /// </summary>
    public static IServiceCollection AddEdgeSync(this IServiceCollection services, EdgeSyncOptions sync, MqttConnectionOptions mqtt)
    {
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(mqtt);
        mqtt = mqtt with
        {
            // The edge keeps its session so the broker holds QoS 1 config for it across reconnects.
            CleanStart = false,
            // A config message is acknowledged once it is applied (or rejected) and cached.
            ManualAcknowledgement = true,
            Will = GatewayPresence.Will(sync),
        };
        var errors = mqtt.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        services.AddSingleton(sync);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MqttConnection(mqtt, TimeProvider.System, sp.GetRequiredService<ILogger<MqttConnection>>()));
        services.AddSingleton<IMqttConnection>(sp => sp.GetRequiredService<MqttConnection>());
        services.AddSingleton(_ => OutboxStore.Open(sync.OutboxPath));
        services.AddSingleton<IntervalCalculator>();
        services.AddSingleton<IntervalRecorder>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<GatewayPresence>();
        services.AddSingleton<LivePublisher>();
        services.AddSingleton<ConfigReceiver>();
        services.AddSingleton<ControlOverridesStore>();
        services.AddHostedService<EdgeSyncService>();
        return services;
    }
}
