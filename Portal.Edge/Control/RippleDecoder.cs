using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// Ripple control (seed 002: Normal, Reduced, Locked) from a relay module's 8 inputs (PROTOCOLS.md 2: FC02, bit0 =
/// DI_01, 1 = active). Both inputs active = Locked. Without the module's inputs this cycle the last mode holds: a
/// utility lock must not lapse because one bus read failed.
/// </summary>
public static class RippleDecoder
{
    public static RippleMode Decode(RippleControlConfig? config, IReadOnlyDictionary<string, byte>? inputs, RippleMode last)
    {
        if (config is null)
        {
            return RippleMode.Normal;
        }

        if (inputs is null || !inputs.TryGetValue(config.ModuleId, out var bits))
        {
            return last;
        }

        static bool Active(byte bits, int? input) => input is >= 0 and < 8 && (bits & (1 << input.Value)) != 0;
        return Active(bits, config.LockedInput) ? RippleMode.Locked
            : Active(bits, config.ReducedInput) ? RippleMode.Reduced
            : RippleMode.Normal;
    }
}
