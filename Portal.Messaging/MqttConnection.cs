using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Portal.Messaging;

/// <summary>
/// One supervised MQTT 5 connection over MQTTnet. MQTTnet 5 has no managed client, so a single supervisor loop
/// owns the connection: it pings, connects when the ping fails, subscribes every remembered filter after each
/// connect and backs off with jitter. The disconnect handler only wakes the loop: reconnecting from inside it
/// would make a second owner (and deadlocks in MQTTnet). The message handler is attached before the first
/// connect, so messages the broker redelivers right after CONNACK are not missed.
/// </summary>
public sealed partial class MqttConnection : IMqttConnection, IAsyncDisposable
{
    private readonly MqttConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly Channel<MqttMessage> _messages = Channel.CreateUnbounded<MqttMessage>(new UnboundedChannelOptions { SingleWriter = true });

    // Capacity 1 and DropWrite: wake-ups coalesce into one.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _supervisor;
    private volatile MqttConnectionStatus _status;
    private int _connections;

    // Raised before every connect attempt: an acknowledgement from an earlier connection is never sent on a later
    // one, where the broker may have given its packet id to another message by then.
    private int _session;
    private int _redeliveryRequested;
    private int _stopped;

    public MqttConnection(MqttConnectionOptions options, TimeProvider? timeProvider = null, ILogger<MqttConnection>? logger = null)
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
        _clientOptions = BuildClientOptions(options);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public MqttConnectionStatus Status => _status;

    public bool IsConnected => _status.State == MqttConnectionState.Connected;

    public event EventHandler<MqttConnectionStatus>? StatusChanged;

    public ChannelReader<MqttMessage> Messages => _messages.Reader;

    /// <summary>Starts the supervisor loop; returns at once (connecting is the loop's job).</summary>
    public void Start()
    {
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("The connection is already started.");
        }

        _supervisor = Task.Run(() => SuperviseAsync(_stop.Token));
    }

    public async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS is 0, 1 or 2.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!_client.IsConnected)
        {
            // MQTTnet would not queue either; the outbox is the only queue we trust.
            throw new MqttNotConnectedException();
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(new ReadOnlySequence<byte>(payload))
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain)
            .Build();
        MqttClientPublishResult result;
        try
        {
            result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not MqttException)
        {
            throw new MqttNotConnectedException($"Publishing on {topic} failed: {e.Message}", e);
        }

        // Below 0x80 is success in MQTT 5, "no matching subscribers" (0x10) included.
        if ((int)result.ReasonCode >= 0x80)
        {
            throw new MqttException($"The broker refused the message on {topic}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }

        return result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers;
    }

    public async Task SubscribeAsync(string filter, int qos, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filter);
        Subscription subscription;
        bool connected;
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(filter, out subscription!))
            {
                subscription = new Subscription(filter, qos);
                _subscriptions[filter] = subscription;
            }

            // Read under the lock the loop takes before it declares the connection up: either the loop sees this
            // filter before then, or this call sees the connection up and waits for the loop to subscribe it.
            connected = IsConnected;
        }

        _wake.Writer.TryWrite(true);
        if (connected)
        {
            await subscription.Subscribed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void RequestRedelivery()
    {
        Interlocked.Exchange(ref _redeliveryRequested, 1);
        _wake.Writer.TryWrite(true);
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

    /// <summary>Sends DISCONNECT (so no will is published; the session stays), stops the loop.</summary>
    public ValueTask DisposeAsync() => StopAsync(MqttClientDisconnectOptionsReason.NormalDisconnection);

    /// <summary>
    /// Ends the connection so that the broker publishes the will, as it does for a crashed gateway or a pulled
    /// cable (MQTT 5 "disconnect with will message"). For tests and for shutting down a wedged gateway.
    /// </summary>
    public ValueTask AbandonAsync() => StopAsync(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage);

    private async ValueTask StopAsync(MqttClientDisconnectOptionsReason reason)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(reason).Build(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogDisconnectFailed(e);
            }
        }

        SetStatus(MqttConnectionState.Stopped, _status.LastError);
        _client.Dispose();
        _messages.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectDelayMin;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (Interlocked.Exchange(ref _redeliveryRequested, 0) == 1 && _client.IsConnected)
                {
                    LogRedelivery();
                    SetStatus(MqttConnectionState.Disconnected, "Reconnecting so that the broker sends unacknowledged messages again.");
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), stop).ConfigureAwait(false);
                }

                if (!await _client.TryPingAsync(stop).ConfigureAwait(false))
                {
                    await ConnectAsync(stop).ConfigureAwait(false);
                    delay = _options.ReconnectDelayMin;
                }

                await SubscribePendingAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                var (state, error) = Describe(e);
                if (state == MqttConnectionState.Refused)
                {
                    LogRefused(error);
                }
                else
                {
                    LogConnectFailed(error);
                }

                SetStatus(state, error);
                if (_client.IsConnected)
                {
                    await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError).ConfigureAwait(false);
                }

                delay = await BackOffAsync(delay, stop).ConfigureAwait(false);
                continue;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }

            // Until the connection drops, a filter is added, a redelivery is asked for, or it is time to ping.
            await WaitForWakeAsync(_options.PingInterval, stop).ConfigureAwait(false);
        }
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        if (_client.IsConnected)
        {
            // The ping failed on a connection MQTTnet still thinks is up: end it before connecting again.
            await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError).ConfigureAwait(false);
        }

        SetStatus(MqttConnectionState.Connecting, _status.LastError);
        Interlocked.Increment(ref _session);
        var result = await _client.ConnectAsync(_clientOptions, stop).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new BrokerRefusedException(result.ResultCode, result.ReasonString);
        }

        LogConnected(_options.Host, _options.Port, _options.ClientId, result.IsSessionPresent);

        // Subscriptions are made on every connection: a broker that lost its sessions (no persistence, expired
        // session) has forgotten them, and one that kept them answers the SUBSCRIBE all the same.
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Session = 0;
            }
        }

        while (true)
        {
            if (!_client.IsConnected)
            {
                throw new MqttNotConnectedException("The connection dropped while subscribing.");
            }

            await SubscribePendingAsync(stop).ConfigureAwait(false);
            lock (_lock)
            {
                if (_subscriptions.Values.All(s => s.Session == _session))
                {
                    _connections++;
                    SetStatus(MqttConnectionState.Connected, null);
                    return;
                }
            }
        }
    }

    private async Task SubscribePendingAsync(CancellationToken stop)
    {
        List<Subscription> pending;
        int session;
        lock (_lock)
        {
            session = _session;
            pending = [.. _subscriptions.Values.Where(s => s.Session != session)];
        }

        if (pending.Count == 0 || !_client.IsConnected)
        {
            return;
        }

        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var subscription in pending)
        {
            builder.WithTopicFilter(subscription.Filter, (MqttQualityOfServiceLevel)subscription.Qos);
        }

        var result = await _client.SubscribeAsync(builder.Build(), stop).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            var subscription = pending.First(s => s.Filter == item.TopicFilter.Topic);
            if ((int)item.ResultCode >= 0x80)
            {
                // Retrying would be refused again; the filter stays remembered for the next connection.
                var error = new MqttException($"The broker refused the subscription to '{subscription.Filter}': {item.ResultCode}.");
                LogSubscriptionRefused(subscription.Filter, item.ResultCode.ToString());
                lock (_lock)
                {
                    subscription.Session = session;
                }

                subscription.Refuse(error);
                continue;
            }

            lock (_lock)
            {
                subscription.Session = session;
            }

            subscription.Subscribed.TrySetResult();
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var qos = (int)message.QualityOfServiceLevel;
        Func<CancellationToken, Task>? acknowledgement = null;
        if (qos > 0 && _options.ManualAcknowledgement)
        {
            e.AutoAcknowledge = false;
            var session = Volatile.Read(ref _session);
            acknowledgement = ct => AcknowledgeAsync(e, session, ct);
        }

        // The payload buffer belongs to MQTTnet once this returns: copy it.
        _messages.Writer.TryWrite(new MqttMessage(message.Topic, message.Payload.ToArray(), qos, message.Retain)
        {
            Duplicate = message.Dup,
            Acknowledgement = acknowledgement,
        });
        return Task.CompletedTask;
    }

    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, int session, CancellationToken ct)
    {
        if (session != Volatile.Read(ref _session) || !_client.IsConnected)
        {
            // Received on a connection that is gone: the broker sends the message again on the new one.
            return;
        }

        try
        {
            await e.AcknowledgeAsync(ct).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogAcknowledgeFailed(error);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && _status.State == MqttConnectionState.Connected)
        {
            var error = $"Connection to {_options.Host}:{_options.Port} lost: {e.Reason} {e.Exception?.GetBaseException().Message}".TrimEnd();
            LogConnectionLost(error);
            SetStatus(MqttConnectionState.Disconnected, error);
        }

        // The loop reconnects; never from here.
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    private async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken stop)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(timeout);
        try
        {
            await _wake.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<TimeSpan> BackOffAsync(TimeSpan delay, CancellationToken stop)
    {
        // Jitter spreads the reconnects of a fleet of gateways after a broker restart.
        var jittered = delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
        try
        {
            await Task.Delay(jittered, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var longer = delay * 2;
        return longer > _options.ReconnectDelayMax ? _options.ReconnectDelayMax : longer;
    }

    private (MqttConnectionState State, string Error) Describe(Exception e)
    {
        if (e is BrokerRefusedException refused)
        {
            return (MqttConnectionState.Refused, refused.Message);
        }

        var root = e.GetBaseException();
        var text = $"{e.Message} {root.Message}";
        foreach (var code in new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.ClientIdentifierNotValid, MqttClientConnectResultCode.Banned })
        {
            if (text.Contains(code.ToString(), StringComparison.Ordinal))
            {
                return (MqttConnectionState.Refused, BrokerRefusedException.Describe(code, null));
            }
        }

        return (MqttConnectionState.Disconnected, $"Cannot reach {_options.Host}:{_options.Port}: {root.Message}");
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
            LogStatusHandlerFailed(ex);
        }
    }

    private static MqttClientOptions BuildClientOptions(MqttConnectionOptions options)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithCleanStart(options.CleanStart)
            .WithSessionExpiryInterval((uint)options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.ConnackTimeout)
            .WithReceiveMaximum((ushort)options.ReceiveMaximum);
        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password ?? "");
        }

        if (options.Will is { } will)
        {
            builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)will.Qos)
                .WithWillRetain(will.Retain);
        }

        if (options.TlsCaFile is { } caFile)
        {
            // Verified against this CA only, not the machine's store: the broker's certificate is ours to issue.
            var authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(options.Host)
                .WithCertificateValidationHandler(context =>
                {
                    if (context.Certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var certificate = new X509Certificate2(context.Certificate);
                    return chain.Build(certificate) && context.SslPolicyErrors is System.Net.Security.SslPolicyErrors.None or System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors;
                }));
        }

        return builder.Build();
    }

    private sealed class Subscription(string filter, int qos)
    {
        public string Filter { get; } = filter;

        public int Qos { get; } = qos;

        /// <summary>The connection (session number) it was last subscribed on; 0 for none yet.</summary>
        public int Session { get; set; }

        public TaskCompletionSource Subscribed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Refuse(Exception error)
        {
            Subscribed.TrySetException(error);
            Subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private sealed class BrokerRefusedException(MqttClientConnectResultCode code, string? reason) : Exception(Describe(code, reason))
    {
        public static string Describe(MqttClientConnectResultCode code, string? reason) => code switch
        {
            MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized =>
                $"The broker refused the connection: not authorised ({code}), check the user name and password.",
            _ => $"The broker refused the connection: {code} {reason}".TrimEnd() + ".",
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port} as {ClientId} (session present: {SessionPresent})")]
    private partial void LogConnected(string host, int port, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect failed: {Error}")]
    private partial void LogConnectFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT connection refused: {Error}")]
    private partial void LogRefused(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Error}")]
    private partial void LogConnectionLost(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT subscription to {Filter} refused: {Code}")]
    private partial void LogSubscriptionRefused(string filter, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT reconnecting so that unacknowledged messages are delivered again")]
    private partial void LogRedelivery();

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT acknowledgement not sent; the broker delivers the message again")]
    private partial void LogAcknowledgeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT disconnect failed")]
    private partial void LogDisconnectFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A StatusChanged handler threw")]
    private partial void LogStatusHandlerFailed(Exception exception);
}
