using Portal.Contracts.Profiles;

namespace Portal.Simulator;

/// <summary>How a simulated meter misbehaves on the wire.</summary>
public enum MeterFault
{
    None,

    /// <summary>Never answers, like a meter without power or with a broken A/B pair.</summary>
    Dead,

    /// <summary>Answers every request with exception 0x04 (server device failure).</summary>
    ExceptionReply,

    /// <summary>Answers with a well-framed but wrong reply (byte count not matching the request).</summary>
    Garbled,
}

/// <summary>Where a meter is reached: the simulator port index (one per RS-485-Ethernet converter) and unit id.</summary>
public readonly record struct SimulatedMeterAddress(int Port, byte UnitId)
{
    public override string ToString() => $"p{Port}-u{UnitId}";
}

/// <summary>Energy of one meter over one quarter-hour, as it physically flowed (not as a reversed CT would count it).</summary>
public sealed record QuarterHourEnergy(DateTimeOffset Start, decimal ImportKWh, decimal ExportKWh);

/// <summary>
/// One simulated SDM630: its role, its faults and its energy counters. Counters are integrated by
/// <see cref="SiteSimulation"/>; all members are read and written under the simulation's lock.
/// </summary>
public sealed class SimulatedMeter
{
    private readonly double[] _importKWh = new double[3];
    private readonly double[] _exportKWh = new double[3];
    private readonly SortedDictionary<DateTimeOffset, (double Import, double Export)> _quarterHours = [];
    private volatile MeterFault _fault;
    private volatile bool _reversed;

    internal SimulatedMeter(int index, SimulatedMeterAddress address, LoadKind role, double initialKWh)
    {
        Index = index;
        Address = address;
        Role = role;
        InitialImportKWh = initialKWh;
        InitialExportKWh = role == LoadKind.PvProduction ? initialKWh * 3 : initialKWh / 50;
    }

    public int Index { get; }

    public SimulatedMeterAddress Address { get; }

    public LoadKind Role { get; }

    public string Name => $"{Address} {Role}";

    /// <summary>Changeable while serving; takes effect on the next request.</summary>
    public MeterFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>CT mounted backwards: power sign and import/export swapped in the registers from now on.</summary>
    public bool Reversed
    {
        get => _reversed;
        set => _reversed = value;
    }

    internal double InitialImportKWh { get; }

    internal double InitialExportKWh { get; }

    /// <summary>Counter values as the meter shows them (after any reversal), total and per phase.</summary>
    internal double ImportKWh => InitialImportKWh + _importKWh.Sum();

    internal double ExportKWh => InitialExportKWh + _exportKWh.Sum();

    internal (double L1, double L2, double L3) PhaseImportKWh => (_importKWh[0], _importKWh[1], _importKWh[2]);

    internal (double L1, double L2, double L3) PhaseExportKWh => (_exportKWh[0], _exportKWh[1], _exportKWh[2]);

    internal (double L1, double L2, double L3) PhysicalPower { get; set; }

    /// <summary>
    /// Adds one integration step. The total counters follow the per-phase sums, which is how a meter
    /// adds up phases one by one; ground truth follows the physical per-phase flow.
    /// </summary>
    internal void Accumulate(DateTimeOffset quarterStart, (double L1, double L2, double L3) watts, double hours)
    {
        var sign = _reversed ? -1 : 1;
        Span<double> phases = [watts.L1, watts.L2, watts.L3];
        double trueImport = 0, trueExport = 0;
        for (var phase = 0; phase < 3; phase++)
        {
            var kWh = phases[phase] * hours / 1000;
            var measured = sign * kWh;
            _importKWh[phase] += Math.Max(measured, 0);
            _exportKWh[phase] += Math.Max(-measured, 0);
            trueImport += Math.Max(kWh, 0);
            trueExport += Math.Max(-kWh, 0);
        }

        _quarterHours.TryGetValue(quarterStart, out var sum);
        _quarterHours[quarterStart] = (sum.Import + trueImport, sum.Export + trueExport);
    }

    internal IReadOnlyList<QuarterHourEnergy> QuarterHours() =>
        [.. _quarterHours.Select(q => new QuarterHourEnergy(q.Key, Math.Round((decimal)q.Value.Import, 6), Math.Round((decimal)q.Value.Export, 6)))];
}
