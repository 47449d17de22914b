using Microsoft.Extensions.Logging;
using Portal.Contracts.Mqtt;
using Portal.Edge.Control.Hosting;
using Portal.Edge.Polling;
using Portal.Edge.Sync;

namespace Portal.Edge.Configuration;

/// <summary>
/// Applies the portal's config to the running gateway: maps and validates the polling part and, only when all of
/// it is usable, swaps polling over. A rejected config leaves the previous one polling; every reason is returned
/// at once, because the installer fixes them in one go.
/// </summary>
public sealed partial class GatewayConfigApplier(PollingRunner runner, ActiveControlConfig control, ILogger<GatewayConfigApplier> logger) : IGatewayConfigApplier
{
    public async Task<ConfigApplyResult> ApplyAsync(GatewayConfigMessage config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var controlErrors = ControlConfigChecks.Check(config);
        if (config.Polling is null && controlErrors.Count == 0)
        {
            // A gateway installed before its meters are entered: connected, reporting presence, polling nothing.
            await runner.SwitchToAsync(null, cancellationToken).ConfigureAwait(false);
            control.Set(null);
            return ConfigApplyResult.Ok;
        }

        var mapping = config.Polling is null ? null : PollingConfigMapper.Map(config.Polling with { IntervalSeconds = ControlConfigChecks.PollingIntervalSeconds(config) }, config.Control);
        IReadOnlyList<string> errors = [.. mapping?.Errors ?? [], .. controlErrors];
        if (mapping is null || errors.Count > 0)
        {
            return ConfigApplyResult.Reject(string.Join(" ", errors));
        }

        await runner.SwitchToAsync(mapping.Configuration, cancellationToken).ConfigureAwait(false);
        control.Set(config);
        LogApplied(logger, config.Version, mapping.Configuration!.Buses.Count, mapping.Configuration.Meters.Count, mapping.Configuration.RelayModules.Count, mapping.Configuration.Polling.Interval);
        return ConfigApplyResult.Ok;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Config version {Version} applied: {Buses} bus(es), {Meters} meter(s), {RelayModules} relay module(s), every {Interval}")]
    private static partial void LogApplied(ILogger logger, long version, int buses, int meters, int relayModules, TimeSpan interval);
}
