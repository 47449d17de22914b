using Portal.Contracts.Control;
using Portal.Modbus.Relays;
using Portal.Modbus.Server;

namespace Portal.Simulator;

/// <summary>The appliance behind one relay: what it draws while the relay is on, split evenly over its phases.</summary>
public sealed record SimulatedRelayLoad(double Watts, IReadOnlyList<Phase> Phases);

/// <summary>Where a relay module sits and what its relays switch (one load per coil, RY1 first).</summary>
public sealed record SimulatedRelayModuleOptions(int Port, byte UnitId, IReadOnlyList<SimulatedRelayLoad> Loads);

/// <summary>
/// A Wellpro WP8024ADAM on a simulated bus (PROTOCOLS.md section 2): 4 relays as coils 0-3 and 8 inputs as
/// discrete inputs 0-7, which a test or the command line sets (a ripple-control receiver on DI_01, say).
/// Thread-safe: servers answer on their own threads while the site integrates.
/// </summary>
public sealed class SimulatedRelayModule
{
    private readonly Lock _gate = new();
    private readonly bool[] _coils = new bool[Wp8024Client.RelayCount];
    private readonly bool[] _inputs = new bool[Wp8024Client.InputCount];

    public SimulatedRelayModule(SimulatedRelayModuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Loads.Count > Wp8024Client.RelayCount)
        {
            throw new ArgumentException($"Relay module p{options.Port}-u{options.UnitId}: {options.Loads.Count} loads for {Wp8024Client.RelayCount} relays.", nameof(options));
        }

        Options = options;
    }

    public SimulatedRelayModuleOptions Options { get; }

    public SimulatedMeterAddress Address => new(Options.Port, Options.UnitId);

    /// <summary>A module that never answers (unplugged, or its bus wire cut).</summary>
    public bool Dead { get; set; }

    public bool[] Coils
    {
        get
        {
            lock (_gate)
            {
                return [.. _coils];
            }
        }
    }

    public bool[] Inputs
    {
        get
        {
            lock (_gate)
            {
                return [.. _inputs];
            }
        }
    }

    /// <summary>Sets input <paramref name="input"/> (0 = DI_01) as the wiring would.</summary>
    public void SetInput(int input, bool active)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(input);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(input, Wp8024Client.InputCount);
        lock (_gate)
        {
            _inputs[input] = active;
        }
    }

    /// <summary>What the switched-on appliances draw now, per phase in W.</summary>
    public (double L1, double L2, double L3) Load()
    {
        var coils = Coils;
        double l1 = 0, l2 = 0, l3 = 0;
        for (var coil = 0; coil < Options.Loads.Count; coil++)
        {
            var load = Options.Loads[coil];
            if (!coils[coil] || load.Phases.Count == 0)
            {
                continue;
            }

            var share = load.Watts / load.Phases.Count;
            foreach (var phase in load.Phases)
            {
                switch (phase)
                {
                    case Phase.L1: l1 += share; break;
                    case Phase.L2: l2 += share; break;
                    case Phase.L3: l3 += share; break;
                }
            }
        }

        return (l1, l2, l3);
    }

    /// <summary>How the module answers a request now.</summary>
    internal ModbusServerAnswer Answer()
    {
        if (Dead)
        {
            return ModbusServerAnswer.Silence;
        }

        lock (_gate)
        {
            return ModbusServerAnswer.FromBits([.. _coils], [.. _inputs], Write);
        }
    }

    private void Write(CoilWrite write)
    {
        lock (_gate)
        {
            write.Values.AsSpan().CopyTo(_coils.AsSpan(write.Address));
        }
    }
}
