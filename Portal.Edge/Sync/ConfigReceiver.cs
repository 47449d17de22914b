using Microsoft.Extensions.Logging;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>Outcome of applying a config; a rejection reason is shown to the installer in the portal.</summary>
public sealed record ConfigApplyResult(bool Applied, string? Reason)
{
    public static ConfigApplyResult Ok { get; } = new(true, null);

    public static ConfigApplyResult Reject(string reason) => new(false, reason);
}

/// <summary>Implemented by the polling side (it owns the polling config records); called for every new version.</summary>
public interface IGatewayConfigApplier
{
    Task<ConfigApplyResult> ApplyAsync(GatewayConfigMessage config, CancellationToken cancellationToken);
}

/// <summary>
/// Receives the retained config, validates it, hands it to <see cref="IGatewayConfigApplier"/>, caches the last
/// good one on disk (so the edge starts without a broker) and acknowledges every version applied or rejected.
/// </summary>
public sealed class ConfigReceiver(IMqttConnection client, IGatewayConfigApplier applier, EdgeSyncOptions options, TimeProvider time, ILogger<ConfigReceiver> logger)
{
    public string ConfigTopic { get; } = Topics.Build(options.SiteId, options.GatewayId, TopicKind.Config);

    /// <summary>Version in force, from the broker or the cache; null before any config.</summary>
    public long? AppliedVersion { get; private set; }

    /// <summary>Raised after a new version was applied and cached (from the broker, not the start-up cache).</summary>
    public event EventHandler? Applied;

    /// <summary>Applies the cached config at start-up. Returns false when there is none or it is unusable.</summary>
    public async Task<bool> ApplyCachedAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(options.ConfigCachePath))
        {
            return false;
        }

        var parsed = ContractParser.ParseConfig(await File.ReadAllBytesAsync(options.ConfigCachePath, cancellationToken).ConfigureAwait(false));
        if (!parsed.IsValid)
        {
            logger.LogWarning("Cached config {Path} is unusable: {Error}", options.ConfigCachePath, parsed.Error);
            return false;
        }

        var result = await applier.ApplyAsync(parsed.Value!, cancellationToken).ConfigureAwait(false);
        if (result.Applied)
        {
            AppliedVersion = parsed.Value!.Version;
        }

        return result.Applied;
    }

    public Task SubscribeAsync(CancellationToken cancellationToken) => client.SubscribeAsync(ConfigTopic, 1, cancellationToken);

    /// <summary>Handles one message from the config topic and publishes the acknowledgement.</summary>
    public async Task HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.IsEmpty)
        {
            // An empty retained message is how a retained config is deleted; nothing to apply or acknowledge.
            return;
        }

        var parsed = ContractParser.ParseConfig(message.Payload.Span);
        if (!parsed.IsValid)
        {
            await AcknowledgeAsync(0, ConfigApplyResult.Reject($"Unreadable config: {parsed.Error}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var config = parsed.Value!;
        if (config.Version == AppliedVersion)
        {
            // The retained config comes again after every reconnect; acknowledging again is harmless and
            // repairs an acknowledgement that was lost.
            await AcknowledgeAsync(config.Version, ConfigApplyResult.Ok, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (config.Version < AppliedVersion)
        {
            await AcknowledgeAsync(config.Version, ConfigApplyResult.Reject($"Version {config.Version} is older than the applied version {AppliedVersion}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        ConfigApplyResult result;
        try
        {
            result = await applier.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Applying config version {Version} failed", config.Version);
            result = ConfigApplyResult.Reject($"Applying failed on the gateway: {ex.Message}");
        }

        if (result.Applied)
        {
            await WriteCacheAsync(message.Payload, cancellationToken).ConfigureAwait(false);
            AppliedVersion = config.Version;
            Applied?.Invoke(this, EventArgs.Empty);
        }

        await AcknowledgeAsync(config.Version, result, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteCacheAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        DurableFile.WriteAsync(options.ConfigCachePath, payload, cancellationToken);

    private async Task AcknowledgeAsync(long version, ConfigApplyResult result, CancellationToken cancellationToken)
    {
        var ack = new ConfigAckMessage(
            ContractVersion.Current, options.GatewayId, version,
            result.Applied ? ConfigOutcome.Applied : ConfigOutcome.Rejected, time.GetUtcNow(), result.Reason);
        if (!result.Applied)
        {
            logger.LogWarning("Config version {Version} rejected: {Reason}", version, result.Reason);
        }

        try
        {
            await client.PublishAsync(Topics.Build(options.SiteId, options.GatewayId, TopicKind.ConfigAck), ContractParser.Serialize(ack), 1, retain: false, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttException ex)
        {
            // The retained config arrives again on reconnect, and is acknowledged then.
            logger.LogWarning(ex, "Could not acknowledge config version {Version}", version);
        }
    }
}
