namespace Portal.Sites;

/// <summary>The edge computer in a site's electrical cabinet; its id is its MQTT identity.</summary>
public sealed class Gateway
{
    /// <summary>Letters, digits, '-' and '_' only: it is a level of the MQTT topic tree.</summary>
    public required string Id { get; set; }

    public Guid SiteId { get; set; }

    public string Name { get; set; } = "";

    public string Serial { get; set; } = "";

    /// <summary>Local gateway (Modbus master, relays, chargers) or cloud gateway (router + converter, metering only).</summary>
    public GatewayKind Kind { get; set; }

    /// <summary>Broker user name of this gateway (each gateway has its own credentials).</summary>
    public string MqttUsername { get; set; } = "";

    public bool IsOnline { get; set; }

    public DateTime? LastSeenUtc { get; set; }

    /// <summary>
    /// When the gateway came online after being offline (by its last will, or silent for longer than
    /// <see cref="Commissioning.MeterInspector.GatewaySilentAfter"/>); null while offline, or online since before it was kept.
    /// </summary>
    public DateTime? OnlineSinceUtc { get; set; }

    /// <summary>Interval messages waiting in the edge's outbox, as last reported.</summary>
    public long? OutboxBacklog { get; set; }

    /// <summary>
    /// Version of the last configuration an installer pushed (0: never pushed). Allocated by an atomic
    /// increment in the same transaction that stores <see cref="PushedConfig"/>, so no two pushes share one.
    /// </summary>
    public long ConfigVersion { get; set; }

    /// <summary>
    /// The message of version <see cref="ConfigVersion"/> exactly as published (JSON), kept so that the portal
    /// republishes that configuration, and only that one, after a restart. Null: never pushed.
    /// </summary>
    public string? PushedConfig { get; set; }

    /// <summary>The last version the edge acknowledged, and how.</summary>
    public long? AckedConfigVersion { get; set; }

    public string? ConfigOutcome { get; set; }

    public string? ConfigRejectReason { get; set; }

    public DateTime? ConfigAckUtc { get; set; }
}

public enum GatewayKind
{
    Local,
    Cloud,
}

/// <summary>An RS-485 segment: the gateway's own serial port or an RS-485-Ethernet converter.</summary>
public sealed class Bus
{
    public required string Id { get; set; }

    public required string GatewayId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Where the converter sits (microgrids span buildings).</summary>
    public string Building { get; set; } = "";

    public BusKind Kind { get; set; }

    /// <summary>Converter address on the site LAN (TCP buses).</summary>
    public string? Host { get; set; }

    public int? Port { get; set; }

    /// <summary>Serial device on the gateway (RTU buses), e.g. /dev/ttyUSB0.</summary>
    public string? Device { get; set; }

    public int Baud { get; set; } = 9600;

    public string Parity { get; set; } = "None";

    public int StopBits { get; set; } = 1;

    /// <summary>
    /// RTU buses: the edge asks the adapter's driver for RS-485 mode (direction control). Adapters that switch
    /// direction themselves refuse it, so the installer turns it off for them.
    /// </summary>
    public bool Rs485 { get; set; } = true;
}

public enum BusKind
{
    Tcp,
    Rtu,
}

/// <summary>What a meter measures, as the installer declares it (seed 000).</summary>
public enum MeterRole
{
    GridIntroduction,
    Consumer,
    CommonArea,
    PvProduction,
    Battery,
    HeatPump,
    EvCharging,
    Other,
}

/// <summary>A Modbus meter on a bus.</summary>
public sealed class Meter
{
    /// <summary>Letters, digits, '-' and '_' only: it travels in MQTT messages.</summary>
    public required string Id { get; set; }

    public Guid SiteId { get; set; }

    public required string BusId { get; set; }

    public required string Name { get; set; }

    /// <summary>Register map name: SDM630 or SDM630MCT.</summary>
    public required string Model { get; set; }

    public int UnitId { get; set; }

    public MeterRole Role { get; set; }

    /// <summary>Current-transformer ratio for CT meters (e.g. 200 for 200/5 A), none for direct meters.</summary>
    public int? CtRatio { get; set; }

    public string Serial { get; set; } = "";

    public Guid? BillingPointId { get; set; }

    /// <summary>For grid-introduction meters: the connection they measure.</summary>
    public Guid? GridConnectionId { get; set; }
}
