using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Portal.Edge.Configuration;
using Portal.Edge.Relays;
using Portal.Modbus;

namespace Portal.Edge.Polling;

/// <summary>Opens the transport of a bus; replaced by fakes in tests.</summary>
public interface IModbusTransportFactory
{
    IModbusTransport Create(BusConfiguration bus);
}

/// <summary>libmodbus connections, opened lazily and re-opened after failures by <see cref="ModbusConnection"/>.</summary>
public sealed class LibModbusTransportFactory : IModbusTransportFactory
{
    public IModbusTransport Create(BusConfiguration bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return new LibModbusTransport(new ModbusConnection(bus.Endpoint, bus.ResponseTimeout));
    }
}

/// <summary>
/// Runs one <see cref="BusPoller"/> per bus, all in parallel: buses are independent wires, so a slow
/// segment never delays another.
/// </summary>
public sealed partial class MeterPollingService(
    EdgeConfiguration configuration,
    IModbusTransportFactory transports,
    IReadingSink sink,
    TimeProvider time,
    ILoggerFactory loggers,
    TimeProvider? wireTime = null,
    RelayModuleDriver? relays = null) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<MeterPollingService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var errors = configuration.Validate();
        if (errors.Count > 0)
        {
            // Refuse the whole configuration: half-polling a site hides the mistake from the installer.
            LogInvalidConfiguration(_logger, string.Join(Environment.NewLine, errors));
            return;
        }

        relays?.Configure(configuration.RelayModules);
        var opened = new List<IModbusTransport>();
        try
        {
            var pollers = new List<BusPoller>();
            foreach (var bus in configuration.Buses)
            {
                var transport = transports.Create(bus);
                opened.Add(transport);
                pollers.Add(new BusPoller(bus, configuration.Meters, transport, sink, configuration.Polling, time, loggers.CreateLogger<BusPoller>(), wireTime, relays?.ForBus(bus.Id)));
            }

            LogStarted(_logger, configuration.Buses.Count, configuration.Meters.Count, configuration.Polling.Interval);
            await Task.WhenAll(pollers.Select(p => Task.Run(() => p.RunAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            foreach (var transport in opened)
            {
                transport.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Meter polling not started, the configuration has errors:\n{Errors}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling {Buses} bus(es) with {Meters} meter(s) every {Interval}")]
    private static partial void LogStarted(ILogger logger, int buses, int meters, TimeSpan interval);
}

public static class MeterPollingServiceCollectionExtensions
{
    /// <summary>Registers polling for this configuration; the caller registers its <see cref="IReadingSink"/>.</summary>
    public static IServiceCollection AddMeterPolling(this IServiceCollection services, EdgeConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IModbusTransportFactory, LibModbusTransportFactory>();
        services.AddHostedService<MeterPollingService>();
        return services;
    }
}
