using Portal.Edge.Ocpp;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Control.Hosting;

/// <summary>
/// The gateway config in force for control, set by the config applier once a version is applied (null: no
/// <see cref="GatewayConfigMessage.Control"/>, nothing to control). The control service rebuilds its loop when it changes.
/// </summary>
public sealed class ActiveControlConfig(IChargerDriver? chargers = null)
{
    private GatewayConfigMessage? _config;

    public GatewayConfigMessage? Current => Volatile.Read(ref _config);

    /// <summary>The applied configuration (null when it controls nothing); the charger driver learns its EV zone's chargers.</summary>
    public void Set(GatewayConfigMessage? config)
    {
        Volatile.Write(ref _config, config?.Control is null ? null : config);
        chargers?.SetKnownChargers(config?.Control?.EvZone?.Chargers ?? []);
    }
}
