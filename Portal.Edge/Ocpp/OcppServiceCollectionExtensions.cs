using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Contracts.Settings;

namespace Portal.Edge.Ocpp;

public static class OcppServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OCPP central system (as <see cref="IChargerDriver"/> and a hosted service) only when
    /// <c>Ocpp:ListenUrl</c> is set; otherwise nothing. Options are validated on start with their full keys.
    /// </summary>
    public static IServiceCollection AddOcppCentralSystem(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OcppOptions.Section);
        var options = section.Get<OcppOptions>() ?? new OcppOptions();
        if (string.IsNullOrWhiteSpace(options.ListenUrl))
        {
            return services;
        }

        services.AddOptions<OcppOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OcppOptions>>(new SectionValidator<OcppOptions>(OcppOptions.Section));
        services.AddSingleton(sp => new OcppCentralSystem(sp.GetRequiredService<IOptions<OcppOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IChargerDriver>(sp => sp.GetRequiredService<OcppCentralSystem>());
        services.AddHostedService(sp => sp.GetRequiredService<OcppCentralSystem>());
        return services;
    }
}
