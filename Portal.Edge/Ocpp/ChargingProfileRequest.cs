using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Edge.Ocpp;

/// <summary>
/// The SetChargingProfile payload for a current limit (PROTOCOLS.md 6.3): TxDefaultProfile on the charger's
/// connector, kind Absolute starting now, rate unit A, one period with the limit per phase and numberPhases.
/// A TxDefaultProfile (not TxProfile) also applies to the next session, so a car that arrives starts at the limit
/// instead of full power; one fixed profile id per connector means each new limit replaces the last.
/// </summary>
public static class ChargingProfileRequest
{
    public const int ProfileId = 1;
    public const int StackLevel = 1;

    /// <summary>
    /// The limit that goes on the wire and is recorded as the charger's: rounded down (never above what the loop
    /// allowed) to a multiple of <paramref name="stepA"/>, then down to a tenth of an amp, the schema's
    /// <c>multipleOf 0.1</c> (a step off that grid, 0.15 or 0.25 A, would otherwise be rounded half-to-even on the
    /// wire, 7.35 to 7.4 A). 0 pauses.
    /// </summary>
    public static decimal RoundLimit(decimal amps, decimal stepA)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepA);
        return amps <= 0 ? 0 : decimal.Floor(decimal.Floor(amps / stepA) * stepA * 10) / 10;
    }

    public static JsonObject Build(int connectorId, decimal amps, int phases, DateTimeOffset now, decimal stepA = 0.1m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amps);
        if (phases is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(phases), phases, "a charger runs on 1 or 3 phases");
        }

        var limit = RoundLimit(amps, stepA);
        return new JsonObject
        {
            ["connectorId"] = connectorId,
            ["csChargingProfiles"] = new JsonObject
            {
                ["chargingProfileId"] = ProfileId,
                ["stackLevel"] = StackLevel,
                ["chargingProfilePurpose"] = "TxDefaultProfile",
                ["chargingProfileKind"] = "Absolute",
                ["chargingSchedule"] = new JsonObject
                {
                    // A minute early: a charger whose clock is slightly behind still applies the limit at once.
                    ["startSchedule"] = now.UtcDateTime.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["chargingRateUnit"] = "A",
                    ["chargingSchedulePeriod"] = new JsonArray(new JsonObject
                    {
                        ["startPeriod"] = 0,
                        // One decimal on the wire ("16.0"), as the schema's multipleOf 0.1 expects.
                        ["limit"] = JsonValue.Create(decimal.Round(limit, 1, MidpointRounding.ToZero)),
                        ["numberPhases"] = phases,
                    }),
                },
            },
        };
    }
}
