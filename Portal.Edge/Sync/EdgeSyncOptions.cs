namespace Portal.Edge.Sync;

/// <summary>Identity and tuning of the edge's sync with the portal (configuration section "Sync").</summary>
public sealed record EdgeSyncOptions
{
    public required string SiteId { get; init; }

    public required string GatewayId { get; init; }

    /// <summary>Holds outbox.db (outbox and baselines) and config.json (last good config).</summary>
    public required string DataDirectory { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages in flight at once while draining; bounds memory and broker load after an outage.</summary>
    public int BatchSize { get; init; } = 50;

    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pause after a failed drain, and the longest wait between drains when nothing signals new data.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public string OutboxPath => Path.Combine(DataDirectory, "outbox.db");

    public string ConfigCachePath => Path.Combine(DataDirectory, "config.json");
}
