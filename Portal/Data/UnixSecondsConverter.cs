using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

/// <summary>
/// Instants of the energy tables, stored as whole seconds since 1970 UTC: an integer compares, sorts and indexes
/// faster than text, and those tables hold millions of rows that are read by range.
/// </summary>
public sealed class UnixSecondsConverter() : ValueConverter<DateTime, long>(
    value => ToSeconds(value),
    value => FromSeconds(value))
{
    public static long ToSeconds(DateTime utc) => (utc.Kind == DateTimeKind.Utc ? utc : utc.ToUniversalTime()).Ticks / TimeSpan.TicksPerSecond - UnixEpochSeconds;

    public static DateTime FromSeconds(long seconds) => new((seconds + UnixEpochSeconds) * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private const long UnixEpochSeconds = 62_135_596_800;
}
