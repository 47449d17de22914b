using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Edge.Control.Hosting;

public static class ControlServiceCollectionExtensions
{
    /// <summary>
    /// Registers the control service after polling (it stops first). Needs sync (outbox, MQTT, overrides), the relay
    /// driver and the latest readings; a charger driver registered as <see cref="IControlChargers"/> before this wins.
    /// </summary>
    public static IServiceCollection AddEdgeControl(this IServiceCollection services)
    {
        services.AddSingleton<ActiveControlConfig>();
        services.TryAddSingleton<IControlChargers, NoChargers>();
        services.AddSingleton<ControlInputsReader>();
        services.AddSingleton<ControlStatePublisher>();
        services.AddSingleton<ControlService>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlService>());
        return services;
    }
}
