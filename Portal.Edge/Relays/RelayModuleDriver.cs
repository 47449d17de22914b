using Microsoft.Extensions.Logging;
using Portal.Edge.Configuration;
using Portal.Modbus;
using Portal.Modbus.Relays;

namespace Portal.Edge.Relays;

/// <summary>
/// The relay modules of the gateway: queues writes per coil (the latest request for a coil wins), hands each bus
/// loop its share through <see cref="ForBus"/> and keeps what the modules last answered. One instance lives as long
/// as the process, so a control cycle keeps its reference while the polling configuration is switched under it.
/// </summary>
public sealed partial class RelayModuleDriver(TimeProvider time, ILogger<RelayModuleDriver> logger) : IRelayModuleDriver
{
    private readonly Lock _gate = new();
    private List<ModuleSlot> _modules = [];
    private Dictionary<string, RelayBus> _buses = [];

    public IReadOnlyList<RelayModuleState> Modules
    {
        get
        {
            lock (_gate)
            {
                return [.. _modules.Select(m => m.ToState())];
            }
        }
    }

    public RelayModuleState? StateOf(string moduleId)
    {
        lock (_gate)
        {
            return Find(moduleId)?.ToState();
        }
    }

    /// <summary>
    /// Takes the modules of a newly applied configuration. A module kept at the same bus and unit id keeps its state
    /// and pending writes; a removed one fails its pending writes, so no caller waits forever.
    /// </summary>
    public void Configure(IEnumerable<RelayModuleConfiguration> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        List<PendingCoil> dropped = [];
        lock (_gate)
        {
            var buses = new Dictionary<string, RelayBus>(StringComparer.Ordinal);
            var kept = new List<ModuleSlot>();
            foreach (var configuration in modules)
            {
                var bus = buses.TryGetValue(configuration.BusId, out var existing) ? existing : buses[configuration.BusId] = new RelayBus(configuration.BusId, this);
                var slot = _modules.FirstOrDefault(m => m.Configuration == configuration) ?? new ModuleSlot(configuration);
                slot.Bus = bus;
                kept.Add(slot);
            }

            foreach (var removed in _modules.Except(kept))
            {
                dropped.AddRange(removed.Pending.OfType<PendingCoil>());
                Array.Clear(removed.Pending);
            }

            _modules = kept;
            _buses = buses;
        }

        foreach (var pending in dropped)
        {
            var result = new RelayWriteResult(pending.ModuleId, false, time.GetUtcNow(), "The relay module was removed from the configuration.");
            foreach (var waiter in pending.TakeWaiters())
            {
                waiter.TrySetResult(result);
            }
        }
    }

    /// <summary>The modules of one bus, for that bus's polling loop; a bus without modules gets an empty share.</summary>
    public RelayBus ForBus(string busId)
    {
        lock (_gate)
        {
            return _buses.TryGetValue(busId, out var bus) ? bus : new RelayBus(busId, this);
        }
    }

    public Task<RelayWriteResult> SetRelayAsync(string moduleId, int coil, bool on, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(coil);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(coil, Wp8024Client.RelayCount);
        var waiter = new TaskCompletionSource<RelayWriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        List<TaskCompletionSource<RelayWriteResult>> superseded = [];
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (Find(moduleId) is not { } slot)
            {
                return Task.FromResult(new RelayWriteResult(moduleId, false, now, $"Relay module '{moduleId}' is not configured on this gateway."));
            }

            var pending = slot.Pending[coil];
            if (pending is null || pending.InFlight || pending.On != on)
            {
                if (pending is { InFlight: false })
                {
                    superseded.AddRange(pending.TakeWaiters());
                }

                pending = new PendingCoil(moduleId, coil, on, now);
                slot.Pending[coil] = pending;
            }

            pending.Waiters.Add(waiter);
            slot.Bus.Signal();
        }

        var replaced = new RelayWriteResult(moduleId, false, now, $"Superseded by a later request for relay {coil + 1}.");
        foreach (var old in superseded)
        {
            old.TrySetResult(replaced);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // The write itself stays queued: cancelling only stops this caller waiting for it.
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    public async Task<RelayWriteResult> SetAllRelaysAsync(string moduleId, IReadOnlyList<bool> relays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relays);
        if (relays.Count != Wp8024Client.RelayCount)
        {
            throw new ArgumentException($"A WP8024 has {Wp8024Client.RelayCount} relays, not {relays.Count}.", nameof(relays));
        }

        var results = await Task.WhenAll(relays.Select((on, coil) => SetRelayAsync(moduleId, coil, on, cancellationToken))).ConfigureAwait(false);
        return results.FirstOrDefault(r => !r.Written) ?? results[^1];
    }

    /// <summary>
    /// Sends the queued writes of one bus. Fresh writes always go; writes that failed before go only when
    /// <paramref name="retryFailed"/> (once per cycle), so a dead module costs each cycle one timeout, not one per meter.
    /// </summary>
    internal async Task WriteAsync(RelayBus bus, IModbusTransport transport, bool retryFailed, CancellationToken cancellationToken)
    {
        var batch = new List<(ModuleSlot Slot, List<PendingCoil> Coils)>();
        lock (_gate)
        {
            bus.ResetSignal();
            foreach (var slot in _modules.Where(m => m.Bus == bus))
            {
                var due = slot.Pending.OfType<PendingCoil>().Where(p => !p.InFlight && (p.Attempts == 0 || retryFailed)).ToList();
                if (due.Count > 0)
                {
                    due.ForEach(p => p.InFlight = true);
                    batch.Add((slot, due));
                }
            }
        }

        var unfinished = batch.SelectMany(b => b.Coils).ToHashSet();
        try
        {
            foreach (var (slot, coils) in batch)
            {
                await WriteModuleAsync(slot, coils, transport, unfinished, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Cancelled mid-batch (the configuration is being switched): what was not tried stays pending as it was.
            lock (_gate)
            {
                foreach (var pending in unfinished)
                {
                    pending.InFlight = false;
                }
            }
        }
    }

    /// <summary>Reads the relays (FC01) and inputs (FC02) of every module on one bus, once per polling cycle.</summary>
    internal async Task ReadAsync(RelayBus bus, IModbusTransport transport, CancellationToken cancellationToken)
    {
        List<ModuleSlot> slots;
        lock (_gate)
        {
            slots = [.. _modules.Where(m => m.Bus == bus)];
        }

        foreach (var slot in slots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var unit = slot.Configuration.UnitId;
            try
            {
                var relays = await Wp8024Client.ReadRelaysAsync(transport, unit, cancellationToken).ConfigureAwait(false);
                var inputs = await Wp8024Client.ReadInputsAsync(transport, unit, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    slot.Relays = relays;
                    slot.Inputs = inputs;
                    slot.ReadAt = time.GetUtcNow();
                    Answered(slot);
                }
            }
            catch (ModbusException error)
            {
                lock (_gate)
                {
                    Failed(slot, error);
                }
            }
        }
    }

    private async Task WriteModuleAsync(ModuleSlot slot, List<PendingCoil> coils, IModbusTransport transport, HashSet<PendingCoil> unfinished, CancellationToken cancellationToken)
    {
        var unit = slot.Configuration.UnitId;
        if (coils.Count == Wp8024Client.RelayCount)
        {
            ModbusException? error = null;
            try
            {
                var values = coils.OrderBy(c => c.Coil).Select(c => c.On).ToArray();
                await Wp8024Client.SetAllRelaysAsync(transport, unit, values, cancellationToken).ConfigureAwait(false);
            }
            catch (ModbusException failed)
            {
                error = failed;
            }

            coils.ForEach(c => Complete(slot, c, error, unfinished));
            return;
        }

        ModbusException? unreachable = null;
        foreach (var pending in coils)
        {
            if (unreachable is not null)
            {
                // A silent module would cost the bus another timeout per coil for the same answer.
                Complete(slot, pending, unreachable, unfinished);
                continue;
            }

            ModbusException? error = null;
            try
            {
                await Wp8024Client.SetRelayAsync(transport, unit, pending.Coil, pending.On, cancellationToken).ConfigureAwait(false);
            }
            catch (ModbusException failed)
            {
                error = failed;
                unreachable = failed is ModbusExceptionReply ? null : failed;
            }

            Complete(slot, pending, error, unfinished);
        }
    }

    private void Complete(ModuleSlot slot, PendingCoil pending, ModbusException? error, HashSet<PendingCoil> unfinished)
    {
        RelayWriteResult result;
        List<TaskCompletionSource<RelayWriteResult>> waiters;
        lock (_gate)
        {
            unfinished.Remove(pending);
            pending.InFlight = false;
            pending.Attempts++;
            var now = time.GetUtcNow();
            if (error is null)
            {
                if (slot.Relays is { } relays)
                {
                    relays[pending.Coil] = pending.On;
                }

                if (slot.Pending[pending.Coil] == pending)
                {
                    slot.Pending[pending.Coil] = null;
                }

                Answered(slot);
                result = new RelayWriteResult(slot.Configuration.Id, true, now);
            }
            else
            {
                pending.LastError = error.Message;
                Failed(slot, error);
                result = new RelayWriteResult(slot.Configuration.Id, false, now, error.Message, (error as ModbusExceptionReply)?.Code);
            }

            waiters = pending.TakeWaiters();
        }

        if (error is not null)
        {
            LogWriteFailed(logger, pending.Coil + 1, slot.Configuration.Id, slot.Configuration.BusId, pending.Attempts, error.Message);
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(result);
        }
    }

    private void Answered(ModuleSlot slot)
    {
        if (slot.ConsecutiveFailures > 0)
        {
            LogRecovered(logger, slot.Configuration.Id, slot.Configuration.BusId);
        }

        slot.Health = RelayModuleHealth.Answering;
        slot.ConsecutiveFailures = 0;
        slot.Error = null;
    }

    private void Failed(ModuleSlot slot, ModbusException error)
    {
        slot.Health = error is ModbusExceptionReply ? RelayModuleHealth.Refusing : RelayModuleHealth.NotAnswering;
        slot.ConsecutiveFailures++;
        slot.Error = error.Message;
        if (slot.ConsecutiveFailures == 1)
        {
            LogModuleFailed(logger, slot.Configuration.Id, slot.Configuration.BusId, error.Message);
        }
    }

    private ModuleSlot? Find(string moduleId) => _modules.FirstOrDefault(m => m.Configuration.Id == moduleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {Relay} of module {ModuleId} on bus {BusId}: write failed (attempt {Attempts}), retried next cycle: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int relay, string moduleId, string busId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay module {ModuleId} on bus {BusId} failed: {Error}")]
    private static partial void LogModuleFailed(ILogger logger, string moduleId, string busId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay module {ModuleId} on bus {BusId} answers again")]
    private static partial void LogRecovered(ILogger logger, string moduleId, string busId);

    /// <summary>Mutable per-module state, only touched under the driver's lock.</summary>
    private sealed class ModuleSlot(RelayModuleConfiguration configuration)
    {
        public RelayModuleConfiguration Configuration { get; } = configuration;

        public RelayBus Bus { get; set; } = null!;

        public PendingCoil?[] Pending { get; } = new PendingCoil?[Wp8024Client.RelayCount];

        public bool[]? Relays { get; set; }

        public bool[]? Inputs { get; set; }

        public DateTimeOffset? ReadAt { get; set; }

        public RelayModuleHealth Health { get; set; }

        public int ConsecutiveFailures { get; set; }

        public string? Error { get; set; }

        public RelayModuleState ToState() => new(
            Configuration.Id, Configuration.BusId, Configuration.UnitId, Health,
            Relays is null ? null : [.. Relays], Inputs is null ? null : [.. Inputs], ReadAt, ConsecutiveFailures, Error,
            [.. Pending.OfType<PendingCoil>().Select(p => new PendingRelayWrite(p.Coil, p.On, p.RequestedAt, p.Attempts, p.LastError))]);
    }

    private sealed class PendingCoil(string moduleId, int coil, bool on, DateTimeOffset requestedAt)
    {
        public string ModuleId { get; } = moduleId;

        public int Coil { get; } = coil;

        public bool On { get; } = on;

        public DateTimeOffset RequestedAt { get; } = requestedAt;

        public int Attempts { get; set; }

        public bool InFlight { get; set; }

        public string? LastError { get; set; }

        public List<TaskCompletionSource<RelayWriteResult>> Waiters { get; } = [];

        public List<TaskCompletionSource<RelayWriteResult>> TakeWaiters()
        {
            List<TaskCompletionSource<RelayWriteResult>> taken = [.. Waiters];
            Waiters.Clear();
            return taken;
        }
    }
}

/// <summary>
/// The relay modules of one bus as its polling loop sees them: send the queued writes, read the modules, and a
/// task that completes when a new write is queued, so an idle loop wakes for it instead of waiting out its interval.
/// </summary>
public sealed class RelayBus
{
    private readonly RelayModuleDriver _driver;
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RelayBus(string busId, RelayModuleDriver driver)
    {
        BusId = busId;
        _driver = driver;
    }

    public string BusId { get; }

    /// <summary>Completes when a write is queued that this bus has not tried yet.</summary>
    public Task WriteRequested => Volatile.Read(ref _written).Task;

    public Task WriteAsync(IModbusTransport transport, bool retryFailed, CancellationToken cancellationToken) =>
        _driver.WriteAsync(this, transport, retryFailed, cancellationToken);

    public Task ReadAsync(IModbusTransport transport, CancellationToken cancellationToken) =>
        _driver.ReadAsync(this, transport, cancellationToken);

    internal void Signal() => Volatile.Read(ref _written).TrySetResult();

    internal void ResetSignal()
    {
        if (_written.Task.IsCompleted)
        {
            Volatile.Write(ref _written, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
