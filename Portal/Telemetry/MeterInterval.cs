namespace Portal.Telemetry;

/// <summary>
/// Energy of one meter over one quarter-hour, as the edge measured it from the meter's registers:
/// the billing truth (seed 004). Stored once per (meter, start) however often it is delivered.
/// </summary>
public sealed class MeterInterval
{
    public required string MeterId { get; set; }

    public DateTime StartUtc { get; set; }

    /// <summary>Normally start + 15 min; longer when the edge was off across boundaries.</summary>
    public DateTime EndUtc { get; set; }

    public long ImportWh { get; set; }

    public long ExportWh { get; set; }

    /// <summary>The meter's counter went backwards (swap or reset): the energy is not trustworthy.</summary>
    public bool CounterWentBackwards { get; set; }

    public required string GatewayId { get; set; }

    public long Sequence { get; set; }

    public DateTime ReceivedUtc { get; set; }
}

/// <summary>The latest instantaneous values of a meter, for live views only.</summary>
public sealed class MeterLiveReading
{
    public required string MeterId { get; set; }

    public DateTime MeasuredUtc { get; set; }

    public DateTime ReceivedUtc { get; set; }

    public decimal ActivePowerW { get; set; }

    public long ImportRegisterWh { get; set; }

    public long ExportRegisterWh { get; set; }

    public decimal? VoltageL1 { get; set; }

    public decimal? VoltageL2 { get; set; }

    public decimal? VoltageL3 { get; set; }

    public decimal? CurrentL1 { get; set; }

    public decimal? CurrentL2 { get; set; }

    public decimal? CurrentL3 { get; set; }

    public decimal? PowerL1 { get; set; }

    public decimal? PowerL2 { get; set; }

    public decimal? PowerL3 { get; set; }

    public decimal? FrequencyHz { get; set; }
}
