using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Edge.Configuration;
using Portal.Edge.Intervals;
using Portal.Edge.Polling;
using Portal.Edge.Readings;
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
    /// <summary>Throws <see cref="EdgeSettingsException"/> naming every invalid setting.</summary>
    public static IHost Build(string[] args, TimeProvider? clock = null)
    {
        // appsettings.json is read from beside the executable, not from whatever directory it was started in.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var (settings, errors) = EdgeSettings.Read(builder.Configuration);
        if (settings is null)
        {
            throw new EdgeSettingsException(errors);
        }

        try
        {
            Directory.CreateDirectory(settings.DataDirectory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new EdgeSettingsException([$"Edge:DataDirectory '{settings.DataDirectory}' cannot be created: {error.Message}"]);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(CreateLogger(settings), dispose: true);
        builder.Services.AddEdgeGateway(settings, clock ?? TimeProvider.System);
        return builder.Build();
    }

    /// <summary>Registers polling, readings and sync for these settings; hosted services stop in reverse order.</summary>
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services, EdgeSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(clock);
        services.AddSingleton(new WireClock(TimeProvider.System));
        var sync = new EdgeSyncOptions
        {
            SiteId = settings.SiteId,
            GatewayId = settings.GatewayId,
            DataDirectory = settings.DataDirectory,
            HeartbeatInterval = settings.HeartbeatInterval,
        };
        var mqtt = new MqttConnectionOptions
        {
            Host = settings.MqttHost,
            Port = settings.MqttPort,
            ClientId = settings.MqttClientId,
            Username = settings.MqttUsername,
            Password = settings.MqttPassword,
            TlsCaFile = settings.MqttTlsCaFile,
            KeepAlive = settings.MqttKeepAlive,
            ReconnectDelayMin = TimeSpan.FromMilliseconds(Math.Min(500, settings.MqttReconnectDelayMax.TotalMilliseconds)),
            ReconnectDelayMax = settings.MqttReconnectDelayMax,
        };

        // Registration order is stop order reversed: polling stops first, then queued snapshots are recorded,
        // then sync publishes "offline" and disconnects.
        services.AddEdgeSync(sync, mqtt);
        services.AddSingleton(sp => new BoundarySnapshots(sp.GetRequiredService<IntervalCalculator>().BoundaryTolerance));
        services.AddSingleton<SnapshotQueue>();
        services.AddSingleton<IReadingSink, EdgeReadingSink>();
        services.AddHostedService<IntervalRecordingService>();
        services.AddSingleton<IModbusTransportFactory, LibModbusTransportFactory>();
        services.AddSingleton<PollingRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingRunner>());
        services.AddSingleton<IGatewayConfigApplier, GatewayConfigApplier>();
        return services;
    }

    private static Serilog.Core.Logger CreateLogger(EdgeSettings settings) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
        .WriteTo.File(
            Path.Combine(settings.DataDirectory, "logs", "edge-.log"),
            rollingInterval: RollingInterval.Day,
            retainedFileCountLimit: 14,
            outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
        .CreateLogger();
}
