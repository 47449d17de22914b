using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Contracts.Settings;
using Portal.Edge.Configuration;
using Portal.Edge.Control.Hosting;
using Portal.Edge.Intervals;
using Portal.Edge.Ocpp;
using Portal.Edge.Polling;
using Portal.Edge.Readings;
using Portal.Edge.Relays;
using Portal.Edge.Sync;
using Portal.Messaging;
using Serilog;
using Serilog.Events;

namespace Portal.Edge.Hosting;

/// <summary>
/// Builds the gateway's host: the executable and the end-to-end tests run exactly this. The clock is the site
/// clock (polling, quarter-hour boundaries, back-off, timestamps); tests pass a <see cref="ScaledTimeProvider"/>.
/// Network and Modbus timeouts always use the real clock.
/// </summary>
public static class EdgeHost
{
    /// <summary>
    /// Throws <see cref="OptionsValidationException"/> naming every invalid setting by its full key
    /// (<c>Edge:GatewayId = 'gw/1': ...</c>), both sections at once.
    /// </summary>
    public static IHost Build(string[] args, TimeProvider? clock = null)
    {
        // appsettings.json is read from beside the executable, not from whatever directory it was started in.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var (edge, mqtt) = builder.Services.AddEdgeOptions(builder.Configuration);
        try
        {
            Directory.CreateDirectory(edge.DataDirectory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(EdgeOptions.Section, typeof(EdgeOptions),
                [$"{EdgeOptions.Section}:{nameof(EdgeOptions.DataDirectory)} = '{edge.DataDirectory}': cannot be created: {error.Message}"]);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(CreateLogger(edge.DataDirectory), dispose: true);
        builder.Services.AddEdgeGateway(edge, mqtt, clock ?? TimeProvider.System);

        // The OCPP central system (docs/edge.md "Chargers over OCPP 1.6J"), only when Ocpp:ListenUrl is set.
        builder.Services.AddOcppCentralSystem(builder.Configuration);
        var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host;
    }

    /// <summary>
    /// Binds and validates <see cref="EdgeOptions"/> and <see cref="EdgeMqttOptions"/> the way the portal's options
    /// are (data annotations, <see cref="SectionValidator{T}"/>, validated on start), and checks them now: the log
    /// file lives in the data directory, which may itself be the bad setting. Returns the bound values.
    /// </summary>
    public static (EdgeOptions Edge, EdgeMqttOptions Mqtt) AddEdgeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var edgeValidator = new SectionValidator<EdgeOptions>(EdgeOptions.Section);
        var mqttValidator = new SectionValidator<EdgeMqttOptions>(EdgeMqttOptions.Section);
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection(EdgeOptions.Section))
            .PostConfigure(o => o.DataDirectory = FullPath(o.DataDirectory)).ValidateOnStart();
        services.AddOptions<EdgeMqttOptions>().Bind(configuration.GetSection(EdgeMqttOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EdgeOptions>>(edgeValidator);
        services.AddSingleton<IValidateOptions<EdgeMqttOptions>>(mqttValidator);

        var edge = configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        var mqtt = configuration.GetSection(EdgeMqttOptions.Section).Get<EdgeMqttOptions>() ?? new EdgeMqttOptions();
        List<string> failures =
        [
            .. edgeValidator.Validate(null, edge).Failures ?? [],
            .. mqttValidator.Validate(null, mqtt).Failures ?? [],
        ];
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(EdgeOptions.Section, typeof(EdgeOptions), failures);
        }

        edge.DataDirectory = FullPath(edge.DataDirectory);
        return (edge, mqtt);
    }

    /// <summary>Registers polling, readings and sync for these settings; hosted services stop in reverse order.</summary>
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services, EdgeOptions edge, EdgeMqttOptions mqtt, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(mqtt);
        services.AddSingleton(clock);
        services.AddSingleton(new WireClock(TimeProvider.System));
        var sync = new EdgeSyncOptions
        {
            SiteId = edge.SiteId,
            GatewayId = edge.GatewayId,
            DataDirectory = edge.DataDirectory,
            HeartbeatInterval = TimeSpan.FromSeconds(edge.HeartbeatSeconds),
        };
        var reconnectMax = TimeSpan.FromSeconds(mqtt.ReconnectDelayMaxSeconds);
        var connection = new MqttConnectionOptions
        {
            Host = mqtt.Host,
            Port = mqtt.Port,
            // Stable per gateway, so the broker finds its persistent session again (config is QoS 1).
            ClientId = $"edge-{edge.GatewayId}",
            Username = string.IsNullOrWhiteSpace(mqtt.Username) ? null : mqtt.Username,
            Password = mqtt.ResolvePassword(),
            TlsCaFile = string.IsNullOrWhiteSpace(mqtt.TlsCaFile) ? null : mqtt.TlsCaFile,
            KeepAlive = TimeSpan.FromSeconds(mqtt.KeepAliveSeconds),
            ReconnectDelayMin = TimeSpan.FromMilliseconds(Math.Min(500, reconnectMax.TotalMilliseconds)),
            ReconnectDelayMax = reconnectMax,
        };

        // Registration order is stop order reversed: polling stops first, then queued snapshots are recorded,
        // then sync publishes "offline" and disconnects.
        services.AddEdgeSync(sync, connection);
        services.AddSingleton(sp => new BoundarySnapshots(sp.GetRequiredService<IntervalCalculator>().BoundaryTolerance));
        services.AddSingleton<SnapshotQueue>();
        services.AddSingleton<LatestReadings>();
        services.AddSingleton<IReadingSink, EdgeReadingSink>();
        services.AddHostedService<IntervalRecordingService>();
        services.AddSingleton<IModbusTransportFactory, LibModbusTransportFactory>();
        services.AddSingleton<RelayModuleDriver>();
        services.AddSingleton<IRelayModuleDriver>(sp => sp.GetRequiredService<RelayModuleDriver>());
        services.AddSingleton<PollingRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingRunner>());
        services.AddSingleton<IPollingStatus>(sp => sp.GetRequiredService<PollingRunner>());
        services.AddSingleton<IGatewayConfigApplier, GatewayConfigApplier>();
        services.AddEdgeControl();
        return services;
    }

    private static string FullPath(string path) => path.Length == 0 ? path : Path.GetFullPath(path);

    private static Serilog.Core.Logger CreateLogger(string dataDirectory) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
        .WriteTo.File(
            Path.Combine(dataDirectory, "logs", "edge-.log"),
            rollingInterval: RollingInterval.Day,
            retainedFileCountLimit: 14,
            outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
        .CreateLogger();
}
