using Portal.Contracts.Profiles;
using Portal.Modbus;

namespace Portal.Simulator;

/// <summary>Shape of the simulated site.</summary>
public sealed record SiteSimulationOptions
{
    /// <summary>RS-485-Ethernet converters; each becomes one TCP port.</summary>
    public int Ports { get; init; } = 1;

    /// <summary>Meters on the whole site, spread over the ports in order (a segment carries at most 31 meters).</summary>
    public int Meters { get; init; } = 8;

    /// <summary>
    /// For benchmarks and load tests only: let a port carry 32 meters instead of 31. An RS-485 segment
    /// has 32 unit loads and the converter (the bus master) takes one, so a real converter never has 32
    /// meters behind it; a benchmark sized "32 per converter" needs this switched on explicitly.
    /// </summary>
    public bool AllowThirtyTwoMetersPerPort { get; init; }

    public int Seed { get; init; } = 1;

    public double PvPeakWatts { get; init; } = 30_000;

    /// <summary>Clear (the default) or cloudy: passing clouds cut the PV to 10-40 % for minutes at a time (<see cref="CloudCover"/>).</summary>
    public Sky Sky { get; init; } = Sky.Clear;

    /// <summary>Where the site is, for the sun over its PV (default: Switzerland).</summary>
    public double Latitude { get; init; } = LoadProfiles.SwissLatitude;

    public double Longitude { get; init; } = LoadProfiles.SwissLongitude;

    /// <summary>The site's offset from UTC, used for the shape of the day (meal times, heating, charging).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Integration step in simulated time; shorter is more exact and slower.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>WP8024 relay modules on the ports' buses; what their relays switch on is added to the grid connection.</summary>
    public IReadOnlyList<SimulatedRelayModuleOptions> RelayModules { get; init; } = [];
}

/// <summary>
/// A neighbourhood sharing a PV installation: one grid-connection meter, one PV meter, households,
/// heat pumps and EV chargers. Energy registers are the integral of power; ground truth per
/// quarter-hour is kept for tests. Thread-safe: servers on several ports read it concurrently.
/// </summary>
public sealed class SiteSimulation
{
    /// <summary>32 unit loads on an RS-485 segment, one of them the converter (the bus master).</summary>
    public const int MaxMetersPerPort = 31;

    /// <summary>The cap with <see cref="SiteSimulationOptions.AllowThirtyTwoMetersPerPort"/>: every unit load a meter.</summary>
    public const int MaxMetersPerPortIgnoringMaster = 32;

    /// <summary>Motors and electronics behind the grid meter: a lagging power factor (the PV inverter alone is at unity).</summary>
    public const double GridPowerFactor = 0.96;

    private readonly Lock _gate = new();
    private readonly SimulationClock _clock;
    private readonly SiteSimulationOptions _options;
    private readonly List<SimulatedMeter> _meters = [];
    private readonly Dictionary<SimulatedMeterAddress, SimulatedMeter> _byAddress = [];
    private readonly Dictionary<SimulatedMeterAddress, SimulatedRelayModule> _relayModules = [];
    private DateTimeOffset _integratedUntil;
    private Ocpp.ChargePointWiring[] _chargePoints = [];

    public SiteSimulation(SiteSimulationOptions options, SimulationClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Ports, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Meters, 2);
        var perPort = (int)Math.Ceiling(options.Meters / (double)options.Ports);
        var cap = options.AllowThirtyTwoMetersPerPort ? MaxMetersPerPortIgnoringMaster : MaxMetersPerPort;
        if (perPort > cap)
        {
            throw new ArgumentException($"{options.Meters} meters on {options.Ports} ports is {perPort} per RS-485 segment; at most {cap} fit.", nameof(options));
        }

        _options = options;
        _clock = clock;
        _integratedUntil = clock.Now;
        for (var index = 0; index < options.Meters; index++)
        {
            var address = new SimulatedMeterAddress(index / perPort, (byte)(index % perPort + 1));
            var meter = new SimulatedMeter(index, address, RoleOf(index), 1000 + index * 137.5);
            _meters.Add(meter);
            _byAddress.Add(address, meter);
        }

        foreach (var relayOptions in options.RelayModules)
        {
            var module = new SimulatedRelayModule(relayOptions);
            if (module.Address.Port < 0 || module.Address.Port >= options.Ports || module.Address.UnitId is < 1 or > 247)
            {
                throw new ArgumentException($"Relay module p{module.Address.Port}-u{module.Address.UnitId}: no such port, or unit id outside 1-247.", nameof(options));
            }

            if (_byAddress.ContainsKey(module.Address) || !_relayModules.TryAdd(module.Address, module))
            {
                throw new ArgumentException($"Relay module p{module.Address.Port}-u{module.Address.UnitId}: that unit id is already taken on the bus.", nameof(options));
            }
        }
    }

    public SimulationClock Clock => _clock;

    public SiteSimulationOptions Options => _options;

    public IReadOnlyList<SimulatedMeter> Meters => _meters;

    public IEnumerable<SimulatedMeter> MetersOnPort(int port) => _meters.Where(m => m.Address.Port == port);

    public IReadOnlyCollection<SimulatedRelayModule> RelayModules => _relayModules.Values;

    /// <summary>The relay module at this address, or null.</summary>
    public SimulatedRelayModule? RelayModule(int port, byte unitId) => _relayModules.GetValueOrDefault(new(port, unitId));

    /// <summary>The OCPP charge points wired to the site (<see cref="WireChargePoint"/>).</summary>
    public IReadOnlyList<Ocpp.ChargePointWiring> ChargePoints => _chargePoints;

    /// <summary>
    /// Wires a simulated charge point's phases to the site's (ChargerConfig.PhaseMapping: charger phase 1 -> the first
    /// entry): what its car draws, at 230 V, adds to the grid connection on those phases, as a relay's load does.
    /// </summary>
    public Ocpp.ChargePointWiring WireChargePoint(Ocpp.SimulatedChargePoint chargePoint, IReadOnlyList<Contracts.Control.Phase> phaseMapping)
    {
        var wiring = new Ocpp.ChargePointWiring(chargePoint, phaseMapping);
        lock (_gate)
        {
            AdvanceTo(_clock.Now);
            _chargePoints = [.. _chargePoints, wiring];
        }

        return wiring;
    }

    public SimulatedMeter Meter(int port, byte unitId) =>
        _byAddress.TryGetValue(new(port, unitId), out var meter) ? meter : throw new KeyNotFoundException($"No meter at p{port}-u{unitId}.");

    /// <summary>
    /// Integrates up to the clock's now. Requests do this themselves; call it after moving a manual clock
    /// by hours, so the catch-up does not happen inside a request and outlast the client's timeout.
    /// </summary>
    public void CatchUp()
    {
        lock (_gate)
        {
            AdvanceTo(_clock.Now);
        }
    }

    /// <summary>Energy per quarter-hour since the simulation started (the first and the current one may be partial).</summary>
    public IReadOnlyList<QuarterHourEnergy> GroundTruth(SimulatedMeterAddress address)
    {
        lock (_gate)
        {
            AdvanceTo(_clock.Now);
            return _byAddress[address].QuarterHours();
        }
    }

    /// <summary>
    /// Ground truth of the current through the grid connection now, A per phase (the physical flow either way at
    /// 230 V and the site's 0.96 power factor, as its meter measures it): what a test of the main fuse checks.
    /// </summary>
    public (double L1, double L2, double L3) GridPhaseCurrents()
    {
        lock (_gate)
        {
            var now = _clock.Now;
            AdvanceTo(now);
            var (l1, l2, l3) = PowersAt(now)[0];
            return (Amps(l1), Amps(l2), Amps(l3));
        }

        static double Amps(double watts) => Math.Abs(watts) / GridPowerFactor / Ocpp.ChargePointWiring.Volts;
    }

    /// <summary>
    /// The input registers (0x0000-0x017F) of a meter as it would answer now, or null for an
    /// address where nothing is connected. Advances the integration first.
    /// </summary>
    public ushort[]? InputRegisters(int port, byte unitId)
    {
        lock (_gate)
        {
            if (!_byAddress.TryGetValue(new(port, unitId), out var meter))
            {
                return null;
            }

            var now = _clock.Now;
            AdvanceTo(now);
            var registers = new ushort[0x0180];
            SdmRegisterTable.Fill(registers, meter, PowersAt(now)[meter.Index], _options.Seed, now.ToOffset(_options.UtcOffset));
            return registers;
        }
    }

    private static LoadKind RoleOf(int index) => index switch
    {
        0 => LoadKind.GridConnection,
        1 => LoadKind.PvProduction,
        _ when index % 10 == 9 => LoadKind.EvCharger,
        _ when index % 8 == 7 => LoadKind.HeatPump,
        _ => LoadKind.Household,
    };

    /// <summary>
    /// Integrates every meter up to <paramref name="target"/> with the midpoint rule, never letting a step
    /// straddle a quarter-hour so that the ground truth bins are exact.
    /// </summary>
    private void AdvanceTo(DateTimeOffset target)
    {
        while (_integratedUntil < target)
        {
            var quarterStart = QuarterStart(_integratedUntil);
            var stepEnd = Min(_integratedUntil + _options.Step, Min(quarterStart.AddMinutes(15), target));
            var powers = PowersAt(_integratedUntil + (stepEnd - _integratedUntil) / 2);
            var hours = (stepEnd - _integratedUntil).TotalHours;
            foreach (var meter in _meters)
            {
                meter.Accumulate(quarterStart, powers[meter.Index], hours);
            }

            _integratedUntil = stepEnd;
        }
    }

    /// <summary>Physical power per phase of every meter; the grid connection carries the net of all the others.</summary>
    private (double L1, double L2, double L3)[] PowersAt(DateTimeOffset time)
    {
        var local = time.ToOffset(_options.UtcOffset);
        var powers = new (double L1, double L2, double L3)[_meters.Count];
        var clouds = CloudCover.PvShare(_options.Sky, _options.Seed, time);
        double l1 = 0, l2 = 0, l3 = 0;
        for (var i = 1; i < _meters.Count; i++)
        {
            powers[i] = LoadProfiles.PhasePower(_meters[i].Role, i, _options.Seed, local, _options.PvPeakWatts, _options.Latitude, _options.Longitude);
            if (_meters[i].Role == LoadKind.PvProduction && powers[i].L1 < 0)
            {
                // Clouds shade the array, not the inverter's standby draw at night.
                powers[i] = (powers[i].L1 * clouds, powers[i].L2 * clouds, powers[i].L3 * clouds);
            }

            l1 += powers[i].L1;
            l2 += powers[i].L2;
            l3 += powers[i].L3;
        }

        // The appliances behind switched-on relays are drawn through the grid connection only: they have no meter of their own.
        foreach (var module in _relayModules.Values)
        {
            var load = module.Load();
            l1 += load.L1;
            l2 += load.L2;
            l3 += load.L3;
        }

        // So are the cars at the OCPP charge points, on the site phases their chargers are wired to.
        foreach (var chargePoint in _chargePoints)
        {
            var load = chargePoint.Load();
            l1 += load.L1;
            l2 += load.L2;
            l3 += load.L3;
        }

        powers[0] = (l1, l2, l3);
        return powers;
    }

    public static DateTimeOffset QuarterStart(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - time.UtcTicks % TimeSpan.FromMinutes(15).Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>Writes an SDM630 input register table (PROTOCOLS.md 1.2) from a meter's state.</summary>
internal static class SdmRegisterTable
{
    public static void Fill(Span<ushort> registers, SimulatedMeter meter, (double L1, double L2, double L3) physical, int seed, DateTimeOffset localNow)
    {
        var sign = meter.Reversed ? -1 : 1;
        Span<double> power = [sign * physical.L1, sign * physical.L2, sign * physical.L3];

        // Motors and electronics: a lagging power factor for loads, unity for the inverter.
        var powerFactor = meter.Role == LoadKind.PvProduction ? 1.0 : SiteSimulation.GridPowerFactor;
        double currentSum = 0, apparentSum = 0, reactiveSum = 0;
        for (var phase = 0; phase < 3; phase++)
        {
            var volts = LoadProfiles.Voltage(seed, meter.Index, phase, localNow, Math.Abs(power[phase]));
            var apparent = Math.Abs(power[phase]) / powerFactor;
            var amps = apparent / volts;
            var reactive = Math.Sqrt(Math.Max(0, apparent * apparent - power[phase] * power[phase]));
            Put(registers, 0x0000 + 2 * phase, volts);
            Put(registers, 0x0006 + 2 * phase, amps);
            Put(registers, 0x000C + 2 * phase, power[phase]);
            Put(registers, 0x0012 + 2 * phase, apparent);
            Put(registers, 0x0018 + 2 * phase, reactive);
            Put(registers, 0x001E + 2 * phase, apparent > 0 ? power[phase] / apparent : 1.0);
            currentSum += amps;
            apparentSum += apparent;
            reactiveSum += reactive;
        }

        var total = power[0] + power[1] + power[2];
        Put(registers, 0x0030, currentSum);
        Put(registers, 0x0034, total);
        Put(registers, 0x0038, apparentSum);
        Put(registers, 0x003C, reactiveSum);
        Put(registers, 0x003E, apparentSum > 0 ? total / apparentSum : 1.0);
        Put(registers, 0x0046, LoadProfiles.Frequency(seed, localNow));
        Put(registers, 0x0048, meter.ImportKWh);
        Put(registers, 0x004A, meter.ExportKWh);
        Put(registers, 0x0156, meter.ImportKWh + meter.ExportKWh);

        var imports = meter.PhaseImportKWh;
        var exports = meter.PhaseExportKWh;
        Span<double> phaseImport = [imports.L1, imports.L2, imports.L3];
        Span<double> phaseExport = [exports.L1, exports.L2, exports.L3];
        for (var phase = 0; phase < 3; phase++)
        {
            // Per-phase counters start where the totals started, split evenly.
            var importKWh = meter.InitialImportKWh / 3 + phaseImport[phase];
            var exportKWh = meter.InitialExportKWh / 3 + phaseExport[phase];
            Put(registers, 0x015A + 2 * phase, importKWh);
            Put(registers, 0x0160 + 2 * phase, exportKWh);
            Put(registers, 0x0166 + 2 * phase, importKWh + exportKWh);
        }
    }

    private static void Put(Span<ushort> registers, int address, double value) =>
        RegisterWords.WriteFloat32((float)value, registers, address);
}
