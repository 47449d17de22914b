using Microsoft.Extensions.Logging;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Sync;
using Portal.Messaging;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// The last <see cref="ControlOverridesMessage"/> from the retained <c>control/overrides</c> topic, persisted as
/// <c>control-overrides.json</c> in the data directory so a Manual relay holds its switch offline after a restart.
/// An older version than the one held is ignored (the portal raises it with each change).
/// </summary>
public sealed class ControlOverridesStore
{
    private readonly EdgeSyncOptions _options;
    private readonly ILogger<ControlOverridesStore> _logger;
    private ControlOverridesMessage? _current;

    public ControlOverridesStore(EdgeSyncOptions options, ILogger<ControlOverridesStore> logger)
    {
        _options = options;
        _logger = logger;
        Topic = Topics.Build(options.SiteId, options.GatewayId, TopicKind.ControlOverrides);
        _current = Load();
    }

    public string Topic { get; }

    public string CachePath => Path.Combine(_options.DataDirectory, "control-overrides.json");

    public ControlOverridesMessage? Current => Volatile.Read(ref _current);

    public Task SubscribeAsync(IMqttConnection client, CancellationToken cancellationToken) =>
        client.SubscribeAsync(Topic, 1, cancellationToken);

    /// <summary>Takes a message from the overrides topic; returns false when it is unreadable or older than the one held.</summary>
    public async Task<bool> HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.IsEmpty)
        {
            return false;
        }

        var parsed = ContractParser.ParseControlOverrides(message.Payload.Span);
        if (!parsed.IsValid)
        {
            _logger.LogWarning("Unreadable control overrides ignored: {Error}", parsed.Error);
            return false;
        }

        var overrides = parsed.Value!;
        if (Current is { } held && overrides.Version < held.Version)
        {
            _logger.LogWarning("Control overrides version {Version} ignored: older than {Held}", overrides.Version, held.Version);
            return false;
        }

        // On disk first (write, fsync, rename), so what the loop follows is what a restart finds.
        await DurableFile.WriteAsync(CachePath, message.Payload, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, overrides);
        _logger.LogInformation("Control overrides version {Version}: {Manual} manual relay(s), {ChargeNow} charge-now", overrides.Version, overrides.ManualRelays.Count, overrides.ChargeNow.Count);
        return true;
    }

    private ControlOverridesMessage? Load()
    {
        if (!File.Exists(CachePath))
        {
            return null;
        }

        var parsed = ContractParser.ParseControlOverrides(File.ReadAllBytes(CachePath));
        if (!parsed.IsValid)
        {
            _logger.LogWarning("Cached control overrides {Path} are unusable: {Error}", CachePath, parsed.Error);
            return null;
        }

        return parsed.Value;
    }
}
