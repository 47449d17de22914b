using Microsoft.Extensions.Logging;
using Portal.Edge.Configuration;
using Portal.Edge.Relays;
using Portal.Modbus;
using Portal.Modbus.Meters;

namespace Portal.Edge.Polling;

/// <summary>
/// Polls the meters of one bus, one request at a time (RS-485 is half-duplex and converters queue
/// badly). A meter that stops answering is backed off exponentially and then probed with a single
/// attempt, so a dead meter costs its bus at most one response timeout per back-off period.
/// Relay modules share the bus and their writes go first (issue 11 item 5): queued writes are sent at the start
/// of a cycle, before every meter read and, while the loop idles between cycles, as soon as they are queued;
/// the modules' relays and inputs are read once per cycle, after the writes and before the meters.
/// </summary>
public sealed partial class BusPoller
{
    private readonly BusConfiguration _bus;
    private readonly IModbusTransport _transport;
    private readonly IReadingSink _sink;
    private readonly PollingOptions _options;
    private readonly BackoffPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly TimeProvider _wireTime;
    private readonly ILogger _logger;
    private readonly List<PolledMeter> _meters;
    private readonly RelayBus? _relays;

    public BusPoller(
        BusConfiguration bus,
        IEnumerable<MeterConfiguration> meters,
        IModbusTransport transport,
        IReadingSink sink,
        PollingOptions options,
        TimeProvider time,
        ILogger<BusPoller> logger,
        TimeProvider? wireTime = null,
        RelayBus? relays = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        _bus = bus;
        _transport = transport;
        _sink = sink;
        _options = options;
        _backoff = new BackoffPolicy(options.BackoffInitial, options.BackoffMax);
        _time = time;

        // The guard is about the wire, which runs in real time even when a test speeds up the site's clock.
        _wireTime = wireTime ?? time;
        _logger = logger;
        _relays = relays;
        _meters = [.. meters.Where(m => m.BusId == bus.Id).Select(m => new PolledMeter(
            m, new MeterReader(MeterModels.Find(m.Model) ?? throw new ArgumentException($"Meter '{m.Id}': unknown model '{m.Model}'.", nameof(meters)))))];
    }

    public string BusId => _bus.Id;

    /// <summary>Per meter: consecutive failed polls and when it is next due (for health pages and tests).</summary>
    public IReadOnlyList<(string MeterId, int ConsecutiveFailures, DateTimeOffset NextAttempt)> State =>
        [.. _meters.Select(m => (m.Configuration.Id, m.ConsecutiveFailures, m.NextAttempt))];

    /// <summary>Polls every interval until cancelled; a failing iteration is logged and the loop carries on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var cycleStart = _time.GetUtcNow();
            try
            {
                await PollOnceAsync(cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogCycleFailed(_logger, _bus.Id, error);
            }

            // Interval is start-to-start; an overrun cycle is followed at once, never by a burst.
            try
            {
                await IdleUntilAsync(NextCycleStart(cycleStart, _options), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Start-to-start interval, but never past the next alignment boundary: with quarter-hour alignment every
    /// meter is read right after each boundary, however the interval straddles it.
    /// </summary>
    public static DateTimeOffset NextCycleStart(DateTimeOffset cycleStart, PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var next = cycleStart + options.Interval;
        if (options.AlignCyclesTo is { } align && align > TimeSpan.Zero)
        {
            var boundary = new DateTimeOffset(cycleStart.UtcTicks - (cycleStart.UtcTicks % align.Ticks), TimeSpan.Zero) + align;
            next = boundary < next ? boundary : next;
        }

        return next;
    }

    /// <summary>
    /// One pass over the bus: queued relay writes (failed ones retried), the relay modules read, then every meter
    /// that is due in configuration order, each preceded by the relay writes queued since.
    /// </summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        if (_relays is not null)
        {
            await _relays.WriteAsync(_transport, retryFailed: true, cancellationToken);
            await _relays.ReadAsync(_transport, cancellationToken);
        }

        foreach (var meter in _meters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_time.GetUtcNow() < meter.NextAttempt)
            {
                continue;
            }

            if (_relays is not null)
            {
                await _relays.WriteAsync(_transport, retryFailed: false, cancellationToken);
            }

            await PollMeterAsync(meter, cancellationToken);
        }
    }

    /// <summary>Waits for the next cycle, sending any relay write queued meanwhile at once rather than at the cycle.</summary>
    private async Task IdleUntilAsync(DateTimeOffset nextCycleStart, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = nextCycleStart - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (_relays is null)
            {
                await Task.Delay(wait, _time, cancellationToken);
                return;
            }

            var written = _relays.WriteRequested;
            using (var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var delay = Task.Delay(wait, _time, stopDelay.Token);
                var first = await Task.WhenAny(delay, written);
                await stopDelay.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
                if (first == delay)
                {
                    return;
                }
            }

            try
            {
                await _relays.WriteAsync(_transport, retryFailed: false, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogCycleFailed(_logger, _bus.Id, error);
            }
        }
    }

    private async Task PollMeterAsync(PolledMeter meter, CancellationToken cancellationToken)
    {
        // A meter already failing gets one probe per back-off period, not the retries on top.
        var attempts = meter.ConsecutiveFailures == 0 ? 1 + _options.Retries : 1;
        ModbusException? lastError = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var reading = await ReadGuardedAsync(meter, cancellationToken);
                await SucceededAsync(meter, reading, cancellationToken);
                return;
            }
            catch (ModbusExceptionReply refused)
            {
                // The meter is alive and said no; asking again the same way will not change its mind.
                lastError = refused;
                break;
            }
            catch (ModbusException error)
            {
                lastError = error;
            }
        }

        await FailedAsync(meter, lastError!, cancellationToken);
    }

    private async Task<MeterReading> ReadGuardedAsync(PolledMeter meter, CancellationToken cancellationToken)
    {
        // The transport enforces the response timeout per request; this guard only catches a transport
        // that hangs beyond it, so the bus never waits forever on one meter.
        var guard = (_bus.ResponseTimeout * 2 + TimeSpan.FromSeconds(1)) * meter.Reader.Plan.Count;
        try
        {
            return await meter.Reader
                .ReadAsync(_transport, meter.Configuration.Id, meter.Configuration.UnitId, _time, cancellationToken)
                .WaitAsync(guard, _wireTime, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ModbusTimeoutException($"Meter '{meter.Configuration.Id}' read did not finish within {guard.TotalSeconds:0.#} s.");
        }
    }

    private async Task SucceededAsync(PolledMeter meter, MeterReading reading, CancellationToken cancellationToken)
    {
        var wasFailing = meter.ConsecutiveFailures > 0;
        meter.ConsecutiveFailures = 0;
        meter.NextAttempt = DateTimeOffset.MinValue;
        await NotifyAsync(() => _sink.OnReadingAsync(reading, cancellationToken), meter);
        if (wasFailing)
        {
            LogRecovered(_logger, meter.Configuration.Id, _bus.Id);
            await NotifyAsync(() => _sink.OnMeterHealthAsync(
                new MeterHealth(meter.Configuration.Id, _bus.Id, MeterHealthStatus.Recovered, 0, reading.ReadAt, reading.ReadAt, null),
                cancellationToken), meter);
        }
    }

    private async Task FailedAsync(PolledMeter meter, ModbusException error, CancellationToken cancellationToken)
    {
        meter.ConsecutiveFailures++;
        var now = _time.GetUtcNow();
        var delay = _backoff.DelayAfter(meter.ConsecutiveFailures);
        meter.NextAttempt = now + delay;
        var status = error is ModbusExceptionReply ? MeterHealthStatus.Refusing : MeterHealthStatus.NotAnswering;
        LogMeterFailed(_logger, meter.Configuration.Id, _bus.Id, meter.ConsecutiveFailures, delay, error.Message);
        await NotifyAsync(() => _sink.OnMeterHealthAsync(
            new MeterHealth(meter.Configuration.Id, _bus.Id, status, meter.ConsecutiveFailures, now, meter.NextAttempt, error.Message),
            cancellationToken), meter);
    }

    /// <summary>A sink that throws must not cost the other meters their turn.</summary>
    private async Task NotifyAsync(Func<Task> notify, PolledMeter meter)
    {
        try
        {
            await notify();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSinkFailed(_logger, meter.Configuration.Id, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meter {MeterId} on bus {BusId} failed {Failures} time(s) in a row; next try in {Delay}: {Error}")]
    private static partial void LogMeterFailed(ILogger logger, string meterId, string busId, int failures, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meter {MeterId} on bus {BusId} answers again")]
    private static partial void LogRecovered(ILogger logger, string meterId, string busId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading sink failed for meter {MeterId}")]
    private static partial void LogSinkFailed(ILogger logger, string meterId, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling cycle on bus {BusId} failed; carrying on")]
    private static partial void LogCycleFailed(ILogger logger, string busId, Exception error);

    private sealed class PolledMeter(MeterConfiguration configuration, MeterReader reader)
    {
        public MeterConfiguration Configuration { get; } = configuration;

        public MeterReader Reader { get; } = reader;

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;
    }
}
