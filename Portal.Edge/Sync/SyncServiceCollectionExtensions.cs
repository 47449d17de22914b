using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Edge.Intervals;
using Portal.Messaging;

namespace Portal.Edge.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Registers store-and-forward sync. Needs an <see cref="IGatewayConfigApplier"/> from the polling side.
    /// Configuration: "Sync" (<see cref="EdgeSyncOptions"/>) and "Mqtt" (<see cref="MqttClientOptions"/>).
    /// </summary>
    public static IServiceCollection AddEdgeSync(this IServiceCollection services, IConfiguration configuration)
    {
        var sync = configuration.GetSection("Sync").Get<EdgeSyncOptions>()
            ?? throw new InvalidOperationException("Configuration section 'Sync' is missing (SiteId, GatewayId, DataDirectory).");
        var mqtt = (configuration.GetSection("Mqtt").Get<MqttClientOptions>()
            ?? throw new InvalidOperationException("Configuration section 'Mqtt' is missing (Host, Port, ClientId, Username, Password)."))
            with
            {
                // The edge keeps its session so the broker holds QoS 1 config for it across reconnects.
                CleanSession = false,
                Will = GatewayPresence.Will(sync),
            };
        var errors = mqtt.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        services.AddSingleton(sync);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MqttClient(mqtt, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton<IMqttClient>(sp => sp.GetRequiredService<MqttClient>());
        services.AddSingleton(_ => OutboxStore.Open(sync.OutboxPath));
        services.AddSingleton<IntervalCalculator>();
        services.AddSingleton<IntervalRecorder>();
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<GatewayPresence>();
        services.AddSingleton<LivePublisher>();
        services.AddSingleton<ConfigReceiver>();
        services.AddHostedService<EdgeSyncService>();
        return services;
    }
}
