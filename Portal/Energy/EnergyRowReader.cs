using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Data;

namespace Portal.Energy;

/// <summary>
/// Reads SiteEnergy and MeterEnergy rows with plain ADO.NET, for the dashboards' history and for the store, which
/// compares a recompute with the stored quarter-hours (<see cref="QuarterHourChanges"/>). One mapping per table:
/// the columns come in the order of <see cref="SiteColumns"/> and <see cref="MeterColumns"/>.
/// </summary>
internal static class EnergyRowReader
{
    /// <summary>A site row's columns, from its start on: start, then <see cref="EnergyColumns.Site"/>.</summary>
    public static readonly string SiteColumns = $"StartUtc, {EnergyColumns.SiteNames}";

    /// <summary>A meter row's columns, as <see cref="Meter"/> reads them.</summary>
    public const string MeterColumns = "MeterId, StartUtc, ConsumedWh, SolarWh, EstimatedQuarterHours";

    /// <summary>The site row whose <see cref="SiteColumns"/> the reader's row holds from column 0.</summary>
    public static SiteEnergy Site(SqliteDataReader reader, Guid siteId, EnergyResolution resolution)
    {
        var row = new SiteEnergy { SiteId = siteId, Resolution = resolution, StartUtc = UnixSecondsConverter.FromSeconds(reader.GetInt64(0)) };
        var columns = EnergyColumns.Site;
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].Set(row, reader.GetInt64(i + 1));
        }

        return row;
    }

    /// <summary>The meter row whose <see cref="MeterColumns"/> the reader's row holds from column 0.</summary>
    public static MeterEnergy Meter(SqliteDataReader reader, Guid siteId, EnergyResolution resolution) => new()
    {
        MeterId = reader.GetString(0),
        SiteId = siteId,
        Resolution = resolution,
        StartUtc = UnixSecondsConverter.FromSeconds(reader.GetInt64(1)),
        ConsumedWh = reader.GetInt64(2),
        SolarWh = reader.GetInt64(3),
        EstimatedQuarterHours = reader.GetInt32(4),
    };

    /// <summary>The site's stored quarter-hours in [from, to), with their meter rows' fingerprints.</summary>
    public static List<SiteEnergy> SiteQuarterHours(SqliteConnection connection, Guid siteId, DateTime fromUtc, DateTime toUtc)
    {
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {SiteColumns}, MeterRowsFingerprint FROM SiteEnergy " +
            "WHERE SiteId = $site AND Resolution = $resolution AND StartUtc >= $from AND StartUtc < $to;";
        read.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        read.Parameters.AddWithValue("$resolution", (int)EnergyResolution.QuarterHour);
        read.Parameters.AddWithValue("$from", UnixSecondsConverter.ToSeconds(fromUtc));
        read.Parameters.AddWithValue("$to", UnixSecondsConverter.ToSeconds(toUtc));
        using var reader = read.ExecuteReader();
        var sites = new List<SiteEnergy>();
        while (reader.Read())
        {
            var site = Site(reader, siteId, EnergyResolution.QuarterHour);
            site.MeterRowsFingerprint = reader.GetInt64(EnergyColumns.Site.Count + 1);
            sites.Add(site);
        }

        return sites;
    }

    /// <summary>The stored meter rows of the site's quarter-hours that start at <paramref name="startsUtc"/>.</summary>
    public static List<MeterEnergy> MeterQuarterHours(SqliteConnection connection, Guid siteId, IReadOnlyCollection<DateTime> startsUtc)
    {
        var meters = new List<MeterEnergy>();
        if (startsUtc.Count == 0)
        {
            return meters;
        }

        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {MeterColumns} FROM MeterEnergy " +
            "WHERE SiteId = $site AND Resolution = $resolution AND StartUtc IN (SELECT value FROM json_each($starts));";
        read.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        read.Parameters.AddWithValue("$resolution", (int)EnergyResolution.QuarterHour);
        read.Parameters.AddWithValue("$starts", JsonSerializer.Serialize(startsUtc.Select(UnixSecondsConverter.ToSeconds)));
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            meters.Add(Meter(reader, siteId, EnergyResolution.QuarterHour));
        }

        return meters;
    }
}
