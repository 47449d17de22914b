using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.Simulator.Ocpp;

/// <summary>Timing of an <see cref="OcppChargePointRunner"/>.</summary>
public sealed record OcppRunnerOptions
{
    /// <summary>How often the runner looks at the clock, in site time: the car's energy is integrated per tick.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>MeterValues every this much site time.</summary>
    public TimeSpan MeterValuesInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait (real time) after a failed connection; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connection attempt (WebSocket + BootNotification) may take, real time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs one simulated charge point on the site clock (PROTOCOLS.md 6): connects to the edge's central system and
/// reconnects with back-off while it is down, boots, sends Heartbeat at the interval the boot answer gave,
/// StatusNotification on changes and MeterValues every <see cref="OcppRunnerOptions.MeterValuesInterval"/>, and
/// follows its car's <see cref="CarSchedule"/>. The car draws through the site's grid connection
/// (<see cref="SiteSimulation.WireChargePoint"/>), connected or not.
/// </summary>
public sealed partial class OcppChargePointRunner : IAsyncDisposable
{
    private const int KeptHeartbeats = 100;
    private readonly CarSchedule? _car;
    private readonly Uri _endpoint;
    private readonly SiteSimulation _site;
    private readonly OcppRunnerOptions _options;
    private readonly TimeProvider _realTime;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _heartbeats = [];
    private DateTimeOffset? _servedArrival;
    private DateTimeOffset? _departure;
    private DateTimeOffset _lastHeartbeat;
    private DateTimeOffset _lastMeterValues;
    private long _nextAttempt;
    private TimeSpan _backoff;

    public OcppChargePointRunner(SimulatedChargerOptions charger, CarSchedule? car, Uri endpoint, SiteSimulation site,
        OcppRunnerOptions? options = null, ILogger? logger = null, TimeProvider? realTime = null)
    {
        ArgumentNullException.ThrowIfNull(charger);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(site);
        if (car is not null && car.ChargerId != charger.Id)
        {
            throw new ArgumentException($"The car schedule is for {car.ChargerId}, not {charger.Id}.", nameof(car));
        }

        _car = car;
        _endpoint = endpoint;
        _site = site;
        _options = options ?? new OcppRunnerOptions();
        _realTime = realTime ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _backoff = _options.MinBackoff;
        ChargePoint = new SimulatedChargePoint(charger.Id, charger.Phases, charger.CarMaxAmps);
        Wiring = site.WireChargePoint(ChargePoint, charger.PhaseMapping);
    }

    public SimulatedChargePoint ChargePoint { get; }

    public ChargePointWiring Wiring { get; }

    /// <summary>Successful boots so far (1 after the first connection, 2 after a reconnection...).</summary>
    public int Boots { get; private set; }

    /// <summary>Site time of the last car arrival, null before the first.</summary>
    public DateTimeOffset? PluggedInAt { get; private set; }

    /// <summary>Site time of the last departure, null before the first.</summary>
    public DateTimeOffset? UnpluggedAt { get; private set; }

    /// <summary>Site times of the last heartbeats sent, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Heartbeats
    {
        get
        {
            lock (_gate)
            {
                return [.. _heartbeats];
            }
        }
    }

    /// <summary>Runs until cancelled; never throws for a central system that is down or misbehaves.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = _site.Clock.Now;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _site.Clock.Now;
            ChargePoint.Draw(now - last);
            last = now;
            try
            {
                if (!ChargePoint.Connected && _realTime.GetTimestamp() >= _nextAttempt)
                {
                    await ConnectAsync(now, cancellationToken);
                }

                if (ChargePoint.Connected)
                {
                    await StepAsync(now, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(_logger, ChargePoint.Id, error.Message);
                _nextAttempt = _realTime.GetTimestamp() + (long)(_backoff.TotalSeconds * _realTime.TimestampFrequency);
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }

            try
            {
                await _site.Clock.DelayAsync(_options.Tick, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public ValueTask DisposeAsync() => ChargePoint.DisposeAsync();

    private async Task ConnectAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await ChargePoint.ConnectAsync(_endpoint, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No connection to {_endpoint} within {_options.ConnectTimeout.TotalSeconds} s.");
        }

        Boots++;
        _backoff = _options.MinBackoff;
        _lastHeartbeat = now;
        _lastMeterValues = now - _options.MeterValuesInterval;
        LogConnected(_logger, ChargePoint.Id, _endpoint, ChargePoint.HeartbeatInterval?.TotalSeconds ?? 0);
    }

    private async Task StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_car is not null)
        {
            await FollowCarAsync(now, cancellationToken);
        }

        // A battery that just became full, or a limit that changed what the car draws.
        await ChargePoint.ReportStatusAsync(cancellationToken);
        if (ChargePoint.HeartbeatInterval is { } interval && now - _lastHeartbeat >= interval)
        {
            await ChargePoint.HeartbeatAsync(cancellationToken);
            _lastHeartbeat = now;
            lock (_gate)
            {
                _heartbeats.Add(now);
                if (_heartbeats.Count > KeptHeartbeats)
                {
                    _heartbeats.RemoveAt(0);
                }
            }
        }

        if (now - _lastMeterValues >= _options.MeterValuesInterval)
        {
            await ChargePoint.SendMeterValuesAsync(now, TimeSpan.Zero, cancellationToken);
            _lastMeterValues = now;
        }
    }

    private async Task FollowCarAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var car = _car!;
        var local = now.ToOffset(_site.Options.UtcOffset);
        if (!ChargePoint.CarPluggedIn)
        {
            if (car.ArrivalFor(local) is { } arrival && arrival != _servedArrival)
            {
                _servedArrival = arrival;
                _departure = car.DepartureAfter(arrival);
                await ChargePoint.PlugInAsync(now, cancellationToken, car.EnergyWantedWh);
                PluggedInAt = now;
                LogPluggedIn(_logger, ChargePoint.Id, local);
            }

            return;
        }

        if ((_departure is { } departure && local >= departure) || (_departure is null && ChargePoint.CarFull))
        {
            await ChargePoint.UnplugAsync(now, cancellationToken);
            UnpluggedAt = now;

            // A car without a leave time that leaves after its next arrival time has passed does not come straight back.
            _servedArrival = car.ArrivalFor(local) ?? _servedArrival;
            LogUnplugged(_logger, ChargePoint.Id, local, ChargePoint.EnergyWh);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {Id} booted at {Endpoint} (heartbeat every {Seconds} s)")]
    private static partial void LogConnected(ILogger logger, string id, Uri endpoint, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {Id}: {Reason}; retrying")]
    private static partial void LogFailed(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {Id}: a car plugged in at {Local:HH:mm}")]
    private static partial void LogPluggedIn(ILogger logger, string id, DateTimeOffset local);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {Id}: the car left at {Local:HH:mm}, register {Wh:F0} Wh")]
    private static partial void LogUnplugged(ILogger logger, string id, DateTimeOffset local, double wh);
}
