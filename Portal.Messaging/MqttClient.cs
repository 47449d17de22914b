using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Messaging.Native;

namespace Portal.Messaging;

/// <summary>
/// MQTT 3.1.1 client over libmosquitto. One dedicated supervisor thread owns the connection: it connects,
/// runs the network loop, re-subscribes after every CONNACK and reconnects with exponential back-off.
/// libmosquitto's own reconnect (loop_start / loop_forever) is deliberately not used, so there is exactly
/// one place that decides when to reconnect. Native callbacks only copy data and complete tasks.
/// </summary>
public sealed class MqttClient : IMqttClient, IAsyncDisposable
{
    private const int NoConnack = -1;

    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<MqttMessage> _messages = Channel.CreateUnbounded<MqttMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Lock _ackLock = new();
    private readonly Dictionary<int, TaskCompletionSource> _pendingAcks = [];
    private readonly Dictionary<string, int> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private GCHandle _self;
    private nint _mosq;
    private Thread? _supervisor;
    private volatile MqttConnectionStatus _status;
    private int _connackCode = NoConnack;
    private int _connections;
    private volatile bool _abandon;

    public MqttClient(MqttClientOptions options, TimeProvider? timeProvider = null, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid MQTT options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _status = new MqttConnectionStatus(MqttConnectionState.Stopped, _time.GetUtcNow(), null, 0);
    }

    public MqttConnectionStatus Status => _status;

    public event EventHandler<MqttConnectionStatus>? StatusChanged;

    public ChannelReader<MqttMessage> Messages => _messages.Reader;

    /// <summary>Creates the native client and starts the supervisor; returns at once (connecting is the supervisor's job).</summary>
    public unsafe void Start()
    {
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("The client is already started.");
        }

        Mosquitto.EnsureInitialised();
        _self = GCHandle.Alloc(this);
        _mosq = Mosquitto.@new(_options.ClientId, _options.CleanSession, GCHandle.ToIntPtr(_self));
        if (_mosq == 0)
        {
            var error = Marshal.GetLastPInvokeError();
            _self.Free();
            throw new MqttException($"mosquitto_new failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        // Publish and subscribe are called from other threads than the loop: libmosquitto must lock.
        Mosquitto.Check(Mosquitto.threaded_set(_mosq, true), "mosquitto_threaded_set");
        if (_options.Username is not null)
        {
            Mosquitto.Check(Mosquitto.username_pw_set(_mosq, _options.Username, _options.Password), "mosquitto_username_pw_set");
        }

        if (_options.Will is { } will)
        {
            fixed (byte* payload = will.Payload.Span)
            {
                Mosquitto.Check(Mosquitto.will_set(_mosq, will.Topic, will.Payload.Length, payload, will.Qos, will.Retain), "mosquitto_will_set");
            }
        }

        if (_options.TlsCaFile is not null)
        {
            Mosquitto.Check(Mosquitto.tls_set(_mosq, _options.TlsCaFile, null, _options.TlsCertFile, _options.TlsKeyFile, 0), "mosquitto_tls_set");
        }

        Mosquitto.connect_callback_set(_mosq, &OnConnect);
        Mosquitto.disconnect_callback_set(_mosq, &OnDisconnect);
        Mosquitto.publish_callback_set(_mosq, &OnPublish);
        Mosquitto.subscribe_callback_set(_mosq, &OnSubscribe);
        Mosquitto.message_callback_set(_mosq, &OnMessage);

        _supervisor = new Thread(Supervise) { IsBackground = true, Name = $"mqtt-{_options.ClientId}" };
        _supervisor.Start();
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS is 0, 1 or 2.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_status.State != MqttConnectionState.Connected)
        {
            // libmosquitto would queue QoS 1 in memory while offline; the outbox is the only queue we trust.
            throw new MqttNotConnectedException();
        }

        var (mid, acknowledged) = SendPublish(topic, payload.Span, qos, retain);
        if (acknowledged is null)
        {
            return;
        }

        await using (cancellationToken.Register(() => CancelPending(mid, acknowledged, cancellationToken)))
        {
            await acknowledged.Task.ConfigureAwait(false);
        }
    }

    private unsafe (int Mid, TaskCompletionSource? Acknowledged) SendPublish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        lock (_ackLock)
        {
            // Registering under the same lock the PUBACK callback takes closes the race in which the
            // acknowledgement arrives before the mid is known here.
            int mid;
            int rc;
            fixed (byte* data = payload)
            {
                rc = Mosquitto.publish(_mosq, &mid, topic, payload.Length, data, qos, retain);
            }

            if (rc == Mosquitto.ErrNoConn)
            {
                throw new MqttNotConnectedException();
            }

            Mosquitto.Check(rc, "mosquitto_publish");
            if (qos == 0)
            {
                return (mid, null);
            }

            var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_pendingAcks.Remove(mid, out var stale))
            {
                stale.TrySetException(new MqttException($"Message id {mid} was reused before the broker acknowledged it."));
            }

            _pendingAcks[mid] = acknowledged;
            return (mid, acknowledged);
        }
    }

    public async Task SubscribeAsync(string filter, int qos, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filter);
        lock (_ackLock)
        {
            _subscriptions[filter] = qos;
        }

        if (_status.State == MqttConnectionState.Connected)
        {
            var subscribed = SendSubscribe(filter, qos);
            await subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WaitForStatusAsync(Func<MqttConnectionStatus, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, MqttConnectionStatus status)
        {
            if (condition(status))
            {
                reached.TrySetResult();
            }
        }

        StatusChanged += Check;
        try
        {
            Check(this, _status);
            await reached.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StatusChanged -= Check;
        }
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) =>
        WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, cancellationToken);

    /// <summary>Sends DISCONNECT (so no will is published), stops the supervisor and frees the native client.</summary>
    public ValueTask DisposeAsync() => StopAsync(graceful: true);

    /// <summary>
    /// Drops the connection without DISCONNECT, the way a crashed process or a pulled cable would;
    /// the broker then publishes the will. For tests and for shutting down a wedged gateway.
    /// </summary>
    public ValueTask AbandonAsync() => StopAsync(graceful: false);

    private async ValueTask StopAsync(bool graceful)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _abandon = !graceful;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            await Task.Run(() => _supervisor.Join()).ConfigureAwait(false);
            Mosquitto.destroy(_mosq);
            _mosq = 0;
            _self.Free();
        }

        lock (_ackLock)
        {
            foreach (var pending in _pendingAcks.Values)
            {
                pending.TrySetException(new MqttNotConnectedException("The MQTT client stopped before the broker acknowledged the message."));
            }

            _pendingAcks.Clear();
        }

        _messages.Writer.TryComplete();
        _stop.Dispose();
    }

    private void Supervise()
    {
        var delay = _options.ReconnectDelayMin;
        var stop = _stop.Token;
        var connected = false;
        while (!stop.IsCancellationRequested)
        {
            SetStatus(MqttConnectionState.Connecting, _status.LastError);
            Volatile.Write(ref _connackCode, NoConnack);
            connected = false;
            var rc = Mosquitto.connect(_mosq, _options.Host, _options.Port, (int)_options.KeepAlive.TotalSeconds);
            var osError = Marshal.GetLastPInvokeError();
            if (rc != Mosquitto.Success)
            {
                var error = $"Cannot reach {_options.Host}:{_options.Port}: {Mosquitto.Describe(rc, osError)}";
                _logger.LogWarning("MQTT connect failed: {Error}", error);
                SetStatus(MqttConnectionState.Disconnected, error);
                Wait(ref delay, stop);
                continue;
            }

            var connackDeadline = _time.GetUtcNow() + _options.ConnackTimeout;
            Task resubscribed = Task.CompletedTask;
            var awaitingResubscribe = false;
            while (!stop.IsCancellationRequested)
            {
                rc = Mosquitto.loop(_mosq, 100, 1);
                var connack = Volatile.Read(ref _connackCode);
                if (connack > 0)
                {
                    var reason = Marshal.PtrToStringUTF8(Mosquitto.connack_string(connack));
                    var error = $"The broker refused the connection: {reason} (CONNACK {connack}).";
                    _logger.LogError("MQTT connection refused: {Error}", error);
                    SetStatus(MqttConnectionState.Refused, error);
                    break;
                }

                if (connack == 0 && !connected && !awaitingResubscribe)
                {
                    // Subscriptions are sent again on every connection: a broker restart without
                    // persistence (or a clean session) has forgotten them.
                    resubscribed = Resubscribe();
                    awaitingResubscribe = true;
                }

                if (awaitingResubscribe && resubscribed.IsCompleted)
                {
                    awaitingResubscribe = false;
                    connected = true;
                    delay = _options.ReconnectDelayMin;
                    _connections++;
                    SetStatus(MqttConnectionState.Connected, null);
                }

                if (rc != Mosquitto.Success)
                {
                    var error = $"Connection to {_options.Host}:{_options.Port} lost: {Mosquitto.Describe(rc, Marshal.GetLastPInvokeError())}";
                    _logger.LogWarning("MQTT {Error}", error);
                    SetStatus(MqttConnectionState.Disconnected, error);
                    connected = false;
                    break;
                }

                if (!connected && !awaitingResubscribe && _time.GetUtcNow() > connackDeadline)
                {
                    SetStatus(MqttConnectionState.Disconnected, $"No CONNACK from {_options.Host}:{_options.Port} within {_options.ConnackTimeout.TotalSeconds} s.");
                    _ = Mosquitto.disconnect(_mosq);
                    break;
                }
            }

            if (!stop.IsCancellationRequested)
            {
                Wait(ref delay, stop);
            }
        }

        if (connected && !_abandon)
        {
            // A clean DISCONNECT tells the broker not to publish the will; run the loop until it is written.
            _ = Mosquitto.disconnect(_mosq);
            for (var i = 0; i < 20 && Mosquitto.loop(_mosq, 50, 1) == Mosquitto.Success; i++)
            {
            }
        }

        SetStatus(MqttConnectionState.Stopped, _status.LastError);
    }

    private Task Resubscribe()
    {
        KeyValuePair<string, int>[] filters;
        lock (_ackLock)
        {
            filters = [.. _subscriptions];
        }

        return Task.WhenAll(filters.Select(f => SendSubscribe(f.Key, f.Value)));
    }

    private unsafe Task SendSubscribe(string filter, int qos)
    {
        lock (_ackLock)
        {
            int mid;
            var rc = Mosquitto.subscribe(_mosq, &mid, filter, qos);
            if (rc != Mosquitto.Success)
            {
                return Task.FromException(new MqttException($"mosquitto_subscribe '{filter}' failed: {Mosquitto.Describe(rc)}"));
            }

            var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingAcks[mid] = subscribed;
            return subscribed.Task;
        }
    }

    private void Wait(ref TimeSpan delay, CancellationToken stop)
    {
        // Jitter spreads the reconnects of a fleet of gateways after a broker restart.
        var jittered = delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
        try
        {
            Task.Delay(jittered, _time, stop).Wait(stop);
        }
        catch (OperationCanceledException)
        {
        }

        var longer = delay * 2;
        delay = longer > _options.ReconnectDelayMax ? _options.ReconnectDelayMax : longer;
    }

    private void SetStatus(MqttConnectionState state, string? error)
    {
        var status = new MqttConnectionStatus(state, _time.GetUtcNow(), error, _connections);
        _status = status;
        try
        {
            StatusChanged?.Invoke(this, status);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A StatusChanged handler threw");
        }
    }

    private void CancelPending(int mid, TaskCompletionSource pending, CancellationToken cancellationToken)
    {
        lock (_ackLock)
        {
            if (_pendingAcks.TryGetValue(mid, out var current) && current == pending)
            {
                _pendingAcks.Remove(mid);
            }
        }

        pending.TrySetCanceled(cancellationToken);
    }

    private void Acknowledge(int mid)
    {
        TaskCompletionSource? pending;
        lock (_ackLock)
        {
            _pendingAcks.Remove(mid, out pending);
        }

        pending?.TrySetResult();
    }

    private static MqttClient? From(nint obj) => obj == 0 ? null : GCHandle.FromIntPtr(obj).Target as MqttClient;

    // The callbacks below run on the supervisor thread inside mosquitto_loop. An exception must never
    // unwind into C, and nothing here may block: they record, copy and complete, nothing more.
    [UnmanagedCallersOnly]
    private static void OnConnect(nint mosq, nint obj, int rc)
    {
        try
        {
            if (From(obj) is { } client)
            {
                Volatile.Write(ref client._connackCode, rc);
            }
        }
        catch (Exception)
        {
            // Nothing sensible can be done on the native thread; the supervisor sees the outcome via mosquitto_loop.
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnect(nint mosq, nint obj, int rc)
    {
        // The supervisor learns of the disconnect from mosquitto_loop's return code: reconnecting here would
        // create a second owner of the connection.
    }

    [UnmanagedCallersOnly]
    private static void OnPublish(nint mosq, nint obj, int mid)
    {
        try
        {
            From(obj)?.Acknowledge(mid);
        }
        catch (Exception)
        {
            // See OnConnect.
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnSubscribe(nint mosq, nint obj, int mid, int qosCount, int* grantedQos)
    {
        try
        {
            From(obj)?.Acknowledge(mid);
        }
        catch (Exception)
        {
            // See OnConnect.
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnMessage(nint mosq, nint obj, Mosquitto.MosquittoMessage* message)
    {
        try
        {
            if (From(obj) is not { } client || message is null)
            {
                return;
            }

            // libmosquitto frees the message when this returns: copy topic and payload now.
            var topic = Marshal.PtrToStringUTF8(message->Topic) ?? string.Empty;
            var payload = message->PayloadLength > 0
                ? new ReadOnlySpan<byte>((void*)message->Payload, message->PayloadLength).ToArray()
                : [];
            client._messages.Writer.TryWrite(new MqttMessage(topic, payload, message->Qos, message->Retain != 0));
        }
        catch (Exception)
        {
            // See OnConnect.
        }
    }
}
