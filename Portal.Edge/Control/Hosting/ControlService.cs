using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Relays;
using Portal.Edge.Sync;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// Runs the control loop of the applied config (docs/edge.md, Control): every <see cref="ControlConfig.CycleMilliseconds"/>
/// on the site clock it gathers the inputs, steps the pure <see cref="ControlLoop"/>, hands relay commands and charger
/// limits to the drivers without waiting on a bus, records every cycle with actions in outbox.db before it is
/// published (QoS 1 on <c>control/decisions</c>, after the intervals) and offers the state to the retained
/// <c>control/state</c> when it changed, else at most every <see cref="StateRefresh"/>. Needs no broker.
/// </summary>
public sealed partial class ControlService(
    ActiveControlConfig active,
    ControlInputsReader inputs,
    IRelayModuleDriver relays,
    IControlChargers chargers,
    OutboxStore outbox,
    OutboxPublisher publisher,
    ControlStatePublisher statePublisher,
    EdgeSyncOptions options,
    TimeProvider clock,
    ILogger<ControlService> logger) : BackgroundService
{
    /// <summary>An unchanged state is published again this often (site time), so the grid figures stay fresh.</summary>
    public static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);
    private readonly string _decisionTopic = Topics.Build(options.SiteId, options.GatewayId, TopicKind.ControlDecisions);
    private ControlStateMessage? _lastState;
    private DateTimeOffset _lastStateAt;

    /// <summary>The last cycle run (null before the first); for tests and diagnostics.</summary>
    public ControlCycle? LastCycle { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stateTask = statePublisher.RunAsync(stoppingToken);
        GatewayConfigMessage? config = null;
        ControlLoop? loop = null;
        var next = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ReferenceEquals(active.Current, config))
                {
                    config = active.Current;
                    loop = config is null ? null : ControlLoop.For(config);
                    _lastState = null;
                    LogLoop(logger, config?.Version, config?.Control?.Relays.Count ?? 0, config?.Control?.EvZone?.Chargers.Count ?? 0, config?.Control?.CycleMilliseconds ?? 0);
                }

                if (loop is null)
                {
                    await Task.Delay(IdleWait, clock, stoppingToken).ConfigureAwait(false);
                    next = clock.GetUtcNow();
                    continue;
                }

                RunCycle(loop, stoppingToken);
                var cycle = TimeSpan.FromMilliseconds(Math.Max(100, loop.Config.CycleMilliseconds));
                var now = clock.GetUtcNow();
                next += cycle;

                // Behind (a slow disk, a paused process): start again from now rather than run a burst of cycles.
                if (next <= now)
                {
                    next = now;
                }
                else
                {
                    await Task.Delay(next - now, clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, ex);
                await Task.Delay(IdleWait, clock, stoppingToken).ConfigureAwait(false);
                next = clock.GetUtcNow();
            }
        }

        await stateTask.ConfigureAwait(false);
    }

    private void RunCycle(ControlLoop loop, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var cycle = loop.Step(inputs.Read(loop.Config, now));
        LastCycle = cycle;
        SendRelayCommands(loop.Config, cycle.RelayCommands, stoppingToken);
        foreach (var limit in cycle.ChargerLimits)
        {
            Observe(chargers.ApplyAsync(limit, stoppingToken), $"charger {limit.ChargerId} limit {limit.LimitA} A");
        }

        if (cycle.Actions.Count > 0)
        {
            // Recorded before it is published: a decision the broker never acknowledged is published again.
            outbox.AddControlDecision(sequence => (_decisionTopic, ContractParser.Serialize(cycle.ToDecisionMessage(options.GatewayId, sequence))), now);
            publisher.Notify();
            foreach (var action in cycle.Actions)
            {
                LogDecision(logger, action.Kind, action.TargetId, action.Reason, Describe(action), action.Detail);
            }
        }

        var state = cycle.ToStateMessage(options.GatewayId);
        if (_lastState is null || Changed(_lastState, state) || now - _lastStateAt >= StateRefresh)
        {
            _lastState = state;
            _lastStateAt = now;
            statePublisher.Offer(state);
        }
    }

    private void SendRelayCommands(ControlConfig config, IReadOnlyList<RelayCommand> commands, CancellationToken stoppingToken)
    {
        foreach (var command in commands)
        {
            if (config.Relays.FirstOrDefault(r => r.Id == command.RelayId) is not { } relay)
            {
                continue;
            }

            // The loop repeats a command while the read-back differs; one already queued for the bus is enough.
            if (relays.StateOf(relay.ModuleId)?.PendingWrites.Any(p => p.Coil == relay.Coil && p.On == command.On) == true)
            {
                continue;
            }

            Observe(relays.SetRelayAsync(relay.ModuleId, relay.Coil, command.On, stoppingToken), $"relay {relay.Id} {(command.On ? "on" : "off")}");
        }
    }

    // Not awaited (the cycle never waits on a bus); a failure is logged and the loop retries next cycle.
    private void Observe(Task task, string what) =>
        task.ContinueWith(
            t => LogDriverFailed(logger, what, t.Exception?.GetBaseException().Message),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private static bool Changed(ControlStateMessage before, ControlStateMessage after) =>
        before.FailSafe != after.FailSafe
        || before.Ripple != after.Ripple
        || !before.Relays.SequenceEqual(after.Relays)
        || !before.Chargers.Select(c => (c.ChargerId, c.Connected, c.Status, c.LimitA, c.Phases, c.Reason))
            .SequenceEqual(after.Chargers.Select(c => (c.ChargerId, c.Connected, c.Status, c.LimitA, c.Phases, c.Reason)));

    private static string Describe(ControlAction action) => action.Kind == ControlTargetKind.Relay
        ? action.On == true ? "on" : "off"
        : string.Create(CultureInfo.InvariantCulture, $"{action.LimitA} A x {action.Phases}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Control: config version {Version}, {Relays} relay(s), {Chargers} charger(s), cycle {CycleMs} ms (no version = no control in the config)")]
    private static partial void LogLoop(ILogger logger, long? version, int relays, int chargers, int cycleMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control decision: {Kind} {TargetId} {Outcome}, reason {Reason} ({Detail})")]
    private static partial void LogDecision(ILogger logger, ControlTargetKind kind, string targetId, DecisionReason reason, string outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control: {What} failed: {Error}")]
    private static partial void LogDriverFailed(ILogger logger, string what, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control cycle failed; carrying on")]
    private static partial void LogCycleFailed(ILogger logger, Exception error);
}
