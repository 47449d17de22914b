using Microsoft.Extensions.Logging;
using Portal.Edge.Configuration;
using Portal.Edge.Relays;

namespace Portal.Edge.Polling;

/// <summary>
/// Owns the polling that is running now and swaps it for a new configuration without restarting the process:
/// the old bus loops are stopped (and their connections closed) before the new ones open, so two pollers never
/// share a bus. Stopped with the host.
/// </summary>
public sealed partial class PollingRunner(
    IModbusTransportFactory transports,
    IReadingSink sink,
    TimeProvider time,
    ILoggerFactory loggers,
    WireClock wire,
    RelayModuleDriver? relays = null) : IHostedService, IAsyncDisposable, Sync.IPollingStatus
{
    private readonly SemaphoreSlim _switching = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<PollingRunner>();
    private MeterPollingService? _current;
    private bool _stopped;
    private int _disposed;

    /// <summary>The configuration being polled, or null when nothing is.</summary>
    public EdgeConfiguration? Current { get; private set; }

    public int BusesPolling => Current?.Buses.Count ?? 0;

    /// <summary>Stops what runs and starts <paramref name="configuration"/> (null: poll nothing). The caller validated it.</summary>
    public async Task SwitchToAsync(EdgeConfiguration? configuration, CancellationToken cancellationToken)
    {
        await _switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            await StopCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (configuration is not null)
            {
                var service = new MeterPollingService(configuration, transports, sink, time, loggers, wire.Time, relays);
                await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
                _current = service;
            }
            else
            {
                relays?.Configure([]);
            }

            Current = configuration;
            LogSwitched(_logger, configuration?.Buses.Count ?? 0, configuration?.Meters.Count ?? 0);
        }
        finally
        {
            _switching.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopped = true;
            await StopCurrentAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _switching.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as a singleton and as a hosted service: the container hands it to both, and disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _switching.Dispose();
    }

    private async Task StopCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is { } running)
        {
            _current = null;
            await running.StopAsync(cancellationToken).ConfigureAwait(false);
            running.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling switched to {Buses} bus(es) with {Meters} meter(s)")]
    private static partial void LogSwitched(ILogger logger, int buses, int meters);
}

/// <summary>
/// The clock for waits on the wire (Modbus guards). Separate from the site clock that times polling, so a test
/// that speeds up site time does not also shrink the time a meter has to answer.
/// </summary>
public sealed record WireClock(TimeProvider Time);
