using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Contracts.Control;

namespace Portal.Edge.Ocpp;

/// <summary>
/// The edge as OCPP 1.6J central system (PROTOCOLS.md 6): a Kestrel WebSocket server accepting
/// <c>ws://host:port/ocpp/&lt;chargePointId&gt;</c> with subprotocol <c>ocpp1.6</c>, and the <see cref="IChargerDriver"/>
/// the control loop uses. A connection without the subprotocol gets 400; an id outside the known list 404.
/// </summary>
public sealed partial class OcppCentralSystem(OcppOptions options, TimeProvider siteClock, ILoggerFactory loggerFactory)
    : IChargerDriver, IHostedService, IAsyncDisposable
{
    public const string SubProtocol = "ocpp1.6";

    private readonly ILogger _logger = loggerFactory.CreateLogger<OcppCentralSystem>();
    private readonly ConcurrentDictionary<string, ChargePointConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChargerSnapshot> _lastSeen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, (decimal Amps, int Phases)> _wanted = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, int>? _known = options.KnownChargePoints.Count == 0
        ? null
        : options.KnownChargePoints.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 1, StringComparer.Ordinal);

    private WebApplication? _server;
    private int _disposed;
    private int _nextTransactionId = (int)Math.Clamp(siteClock.GetUtcNow().ToUnixTimeSeconds() - 1_700_000_000, 1, int.MaxValue / 2);

    /// <summary>The address actually bound (with the real port when <see cref="OcppOptions.ListenUrl"/> asked for 0).</summary>
    public Uri? ListeningOn { get; private set; }

    /// <summary>
    /// The EV zone's chargers (ControlConfig.EvZone.Chargers): only these may connect from now on, each reporting
    /// its configured connector. An empty list falls back to <see cref="OcppOptions.KnownChargePoints"/>.
    /// </summary>
    public void SetKnownChargers(IReadOnlyList<ChargerConfig> chargers)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        _known = chargers.Count == 0
            ? options.KnownChargePoints.Count == 0 ? null : options.KnownChargePoints.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 1, StringComparer.Ordinal)
            : chargers.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ConnectorId, StringComparer.Ordinal);
    }

    public IReadOnlyList<ChargerSnapshot> Snapshot()
    {
        var known = _known;
        var all = new Dictionary<string, ChargerSnapshot>(StringComparer.Ordinal);
        foreach (var (id, last) in _lastSeen)
        {
            all[id] = last with { Connected = false };
        }

        foreach (var (id, connection) in _connections)
        {
            all[id] = connection.Snapshot(connected: true);
        }

        foreach (var id in known?.Keys ?? [])
        {
            all.TryAdd(id, new ChargerSnapshot(id, false, ChargerStatus.Unknown, null, null, null, null, null, null, null));
        }

        return [.. all.Values.Where(s => known is null || known.ContainsKey(s.ChargerId)).OrderBy(s => s.ChargerId, StringComparer.Ordinal)];
    }

    public async Task<ChargerLimitOutcome> SetLimitAsync(string chargerId, decimal amps, int phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chargerId);

        // The loop sends a limit only when it changes: one decided while the charger is offline is sent once it boots.
        _wanted[chargerId] = (amps, phases);
        if (!_connections.TryGetValue(chargerId, out var connection))
        {
            return ChargerLimitOutcome.NotConnected;
        }

        var payload = ChargingProfileRequest.Build(connection.Session.ConnectorId, amps, phases, siteClock.GetUtcNow(), options.LimitStepAmps);
        var answer = await connection.CallAsync("SetChargingProfile", payload, cancellationToken).ConfigureAwait(false);
        var outcome = answer switch
        {
            null => ChargerLimitOutcome.TimedOut,
            OcppCallResult result when result.Payload["status"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && (string?)result.Payload["status"] == "Accepted" => ChargerLimitOutcome.Accepted,
            _ => ChargerLimitOutcome.Rejected,
        };
        if (outcome == ChargerLimitOutcome.Accepted)
        {
            connection.Session.LimitAccepted(ChargingProfileRequest.RoundLimit(amps, options.LimitStepAmps), phases);
        }

        LogLimit(_logger, chargerId, amps, phases, outcome);
        return outcome;
    }

    /// <summary>
    /// Sends any CALL to a connected charge point and returns its answer (null: timed out or not connected).
    /// For commands beyond limits (ClearChargingProfile, GetConfiguration) and for tests.
    /// </summary>
    public async Task<OcppFrame?> CallAsync(string chargerId, string action, System.Text.Json.Nodes.JsonObject payload, CancellationToken cancellationToken) =>
        _connections.TryGetValue(chargerId, out var connection)
            ? await connection.CallAsync(action, payload, cancellationToken).ConfigureAwait(false)
            : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.ListenUrl);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/ocpp/{chargePointId}", AcceptAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _server = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        ListeningOn = address is null ? null : new Uri(address);
        LogListening(_logger, address ?? options.ListenUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The host disposes it once per registration (itself, IChargerDriver, the hosted service): only the first counts.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(HttpContext context, string chargePointId)
    {
        var known = _known;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal))
        {
            LogRefused(_logger, chargePointId, "no ocpp1.6 subprotocol");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var connectorId = 1;
        if (known is not null && !known.TryGetValue(chargePointId, out connectorId))
        {
            LogRefused(_logger, chargePointId, "not a known charge point");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol).ConfigureAwait(false);
        var session = new ChargePointSession(chargePointId, connectorId, options.HeartbeatIntervalSeconds, () => Interlocked.Increment(ref _nextTransactionId));
        using var connection = new ChargePointConnection(socket, session, siteClock, TimeSpan.FromSeconds(options.CallTimeoutSeconds), _logger);

        // A charge point that reconnects replaces its old connection (that one is usually dead already).
        _connections[chargePointId] = connection;
        LogConnected(_logger, chargePointId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        var resend = ResendWantedLimitAsync(chargePointId, connection, stop.Token);
        try
        {
            await connection.RunAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _lastSeen[chargePointId] = connection.Snapshot(connected: false);
            _connections.TryRemove(new KeyValuePair<string, ChargePointConnection>(chargePointId, connection));
            await stop.CancelAsync().ConfigureAwait(false);
            await resend.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Once the charge point has booted, sends the last limit the loop decided for it: without this a charger that
    /// connects (or reconnects) after the decision runs at its own default, its full current, until the share changes.
    /// </summary>
    private async Task ResendWantedLimitAsync(string chargePointId, ChargePointConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Booted.WaitAsync(cancellationToken).ConfigureAwait(false);

            if (_wanted.TryGetValue(chargePointId, out var wanted) && _connections.TryGetValue(chargePointId, out var current) && current == connection)
            {
                await SetLimitAsync(chargePointId, wanted.Amps, wanted.Phases, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed before it booted.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP central system listening on {Address}")]
    private static partial void LogListening(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP {ChargePointId} connected")]
    private static partial void LogConnected(ILogger logger, string chargePointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP {ChargePointId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string chargePointId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP {ChargerId}: limit {Amps} A on {Phases} phase(s): {Outcome}")]
    private static partial void LogLimit(ILogger logger, string chargerId, decimal amps, int phases, ChargerLimitOutcome outcome);
}
