using Microsoft.Extensions.DependencyInjection;
using Portal.Edge.Ocpp;

namespace Portal.Edge.Control.Hosting;

public static class ControlServiceCollectionExtensions
{
    /// <summary>
    /// Registers the control service after polling (it stops first). Needs sync (outbox, MQTT, overrides), the relay
    /// driver and the latest readings; the chargers come from the <see cref="IChargerDriver"/> when one is registered
    /// (OCPP, only with <c>Ocpp:ListenUrl</c>), otherwise there are none.
    /// </summary>
    public static IServiceCollection AddEdgeControl(this IServiceCollection services)
    {
        services.AddSingleton<ActiveControlConfig>();
        services.AddSingleton<IControlChargers>(sp => sp.GetService<IChargerDriver>() is { } driver
            ? new ChargerDriverInputs(driver, sp.GetRequiredService<ActiveControlConfig>())
            : new NoChargers());
        services.AddSingleton<ControlInputsReader>();
        services.AddSingleton<ControlStatePublisher>();
        services.AddSingleton<ControlService>();
        services.AddHostedService(sp => sp.GetRequiredService<ControlService>());
        return services;
    }
}
