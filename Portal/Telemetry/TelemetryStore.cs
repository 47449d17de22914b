using System.Data.Common;
using Microsoft.Data.Sqlite;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Energy;
using Portal.Hosting;

namespace Portal.Telemetry;

/// <summary>
/// Writes a triaged batch in one transaction: intervals idempotently (the same interval twice is
/// stored once: delivery is at-least-once), live values as the latest per meter, gateway presence
/// and configuration acknowledgements. Plain ADO.NET on purpose: this is the hot path.
/// </summary>
public sealed class TelemetryStore(PortalPaths paths, TelemetryDirectory directory, EnergyBalanceSignal balances, TimeProvider clock) : IAsyncDisposable
{
    private SqliteConnection? _connection;

    public sealed record Outcome(int IntervalsStored, int IntervalDuplicates, int LiveStored);

    public async Task<Outcome> WriteAsync(IngestionBatch batch, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var stored = WriteIntervals(connection, transaction, batch.Intervals, now, ct);
        await WriteLiveAsync(connection, transaction, batch, now, ct);
        await WritePresenceAsync(connection, transaction, batch, now, ct);
        await WriteAcksAsync(connection, transaction, batch.Acks, ct);
        await transaction.CommitAsync(ct);
        if (stored > 0)
        {
            balances.Nudge();
        }

        return new Outcome(stored, batch.Intervals.Count - stored, batch.Live.Count);
    }

    // New intervals queue their site's quarter-hours for the energy balance in the same transaction, so a balance is
    // never left behind by a crash between the two.
    private int WriteIntervals(SqliteConnection connection, SqliteTransaction transaction, List<IntervalEnergyMessage> intervals, DateTime now, CancellationToken ct)
    {
        if (intervals.Count == 0)
        {
            return 0;
        }

        using var insert = Command(connection, transaction,
            "INSERT INTO MeterIntervals (MeterId, StartUtc, EndUtc, ImportWh, ExportWh, CounterWentBackwards, GatewayId, Sequence, ReceivedUtc) " +
            "VALUES ($meter, $start, $end, $import, $export, $backwards, $gateway, $sequence, $received) ON CONFLICT (MeterId, StartUtc) DO NOTHING;",
            "$meter", "$start", "$end", "$import", "$export", "$backwards", "$gateway", "$sequence", "$received");
        var stored = 0;
        var changed = new Dictionary<Guid, (DateTime From, DateTime To)>();
        foreach (var interval in intervals)
        {
            Bind(insert, interval.MeterId, interval.IntervalStart.UtcDateTime, interval.IntervalEnd.UtcDateTime, interval.ImportWh, interval.ExportWh,
                interval.CounterWentBackwards, interval.GatewayId, interval.Sequence, now);
            // Synchronous: Microsoft.Data.Sqlite runs the async variant synchronously anyway, plus a Task per row.
            ct.ThrowIfCancellationRequested();
            if (insert.ExecuteNonQuery() == 1)
            {
                stored++;
                if (directory.PlaceOfMeter(interval.MeterId) is { } place)
                {
                    var (from, to) = (interval.IntervalStart.UtcDateTime, interval.IntervalEnd.UtcDateTime);
                    changed[place.SiteId] = changed.TryGetValue(place.SiteId, out var range)
                        ? (from < range.From ? from : range.From, to > range.To ? to : range.To)
                        : (from, to);
                }
            }
        }

        foreach (var (site, range) in changed)
        {
            EnergyBalanceStore.Queue(connection, transaction, site, range.From, range.To);
        }

        return stored;
    }

    private static async Task WriteLiveAsync(SqliteConnection connection, SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        if (batch.Live.Count == 0)
        {
            return;
        }

        await using var upsert = Command(connection, transaction,
            "INSERT INTO MeterLiveReadings (MeterId, MeasuredUtc, ReceivedUtc, ActivePowerW, ImportRegisterWh, ExportRegisterWh, " +
            "VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL2, CurrentL3, PowerL1, PowerL2, PowerL3, FrequencyHz) " +
            "VALUES ($meter, $measured, $received, $power, $import, $export, $v1, $v2, $v3, $i1, $i2, $i3, $p1, $p2, $p3, $f) " +
            "ON CONFLICT (MeterId) DO UPDATE SET MeasuredUtc = excluded.MeasuredUtc, ReceivedUtc = excluded.ReceivedUtc, ActivePowerW = excluded.ActivePowerW, " +
            "ImportRegisterWh = excluded.ImportRegisterWh, ExportRegisterWh = excluded.ExportRegisterWh, " +
            "VoltageL1 = excluded.VoltageL1, VoltageL2 = excluded.VoltageL2, VoltageL3 = excluded.VoltageL3, " +
            "CurrentL1 = excluded.CurrentL1, CurrentL2 = excluded.CurrentL2, CurrentL3 = excluded.CurrentL3, " +
            "PowerL1 = excluded.PowerL1, PowerL2 = excluded.PowerL2, PowerL3 = excluded.PowerL3, FrequencyHz = excluded.FrequencyHz " +
            "WHERE excluded.MeasuredUtc >= MeterLiveReadings.MeasuredUtc;",
            "$meter", "$measured", "$received", "$power", "$import", "$export", "$v1", "$v2", "$v3", "$i1", "$i2", "$i3", "$p1", "$p2", "$p3", "$f");
        foreach (var (live, _) in batch.Live.Values)
        {
            Bind(upsert, live.MeterId, live.MeasuredAt.UtcDateTime, now, live.ActivePowerW, live.ImportRegisterWh, live.ExportRegisterWh,
                live.VoltageV?.L1, live.VoltageV?.L2, live.VoltageV?.L3, live.CurrentA?.L1, live.CurrentA?.L2, live.CurrentA?.L3,
                live.ActivePowerPhaseW?.L1, live.ActivePowerPhaseW?.L2, live.ActivePowerPhaseW?.L3, live.FrequencyHz);
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WritePresenceAsync(SqliteConnection connection, SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        // Online since: kept while the gateway stays online and heard within the silence the portal tolerates
        // (the same rule that calls it offline without a last will), else it starts now. SET reads the old values.
        const string OnlineSince = "CASE WHEN IsOnline = 1 AND OnlineSinceUtc IS NOT NULL AND LastSeenUtc >= $silentBefore THEN OnlineSinceUtc ELSE $now END";
        var silentBefore = now - Commissioning.MeterInspector.GatewaySilentAfter;
        await using var seen = Command(connection, transaction,
            $"UPDATE Gateways SET OnlineSinceUtc = {OnlineSince}, LastSeenUtc = $now, IsOnline = 1 WHERE Id = $gateway;", "$now", "$silentBefore", "$gateway");
        foreach (var gateway in batch.GatewaysSeen)
        {
            Bind(seen, now, silentBefore, gateway);
            await seen.ExecuteNonQueryAsync(ct);
        }

        await using var status = Command(connection, transaction,
            $"UPDATE Gateways SET OnlineSinceUtc = CASE WHEN $online = 1 THEN {OnlineSince} ELSE NULL END, " +
            "IsOnline = $online, LastSeenUtc = CASE WHEN $online = 1 THEN $now ELSE LastSeenUtc END, " +
            "OutboxBacklog = COALESCE($backlog, OutboxBacklog) WHERE Id = $gateway;",
            "$online", "$now", "$silentBefore", "$backlog", "$gateway");
        foreach (var message in batch.Statuses)
        {
            Bind(status, message.State == GatewayState.Online, now, silentBefore, message.OutboxBacklog, message.GatewayId);
            await status.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WriteAcksAsync(SqliteConnection connection, SqliteTransaction transaction, List<ConfigAckMessage> acks, CancellationToken ct)
    {
        // An acknowledgement of an older version than one already acknowledged changes nothing.
        await using var ack = Command(connection, transaction,
            "UPDATE Gateways SET AckedConfigVersion = $version, ConfigOutcome = $outcome, ConfigRejectReason = $reason, ConfigAckUtc = $at " +
            "WHERE Id = $gateway AND (AckedConfigVersion IS NULL OR AckedConfigVersion <= $version);",
            "$version", "$outcome", "$reason", "$at", "$gateway");
        foreach (var message in acks)
        {
            Bind(ack, message.Version, message.Outcome.ToString(), message.Reason, message.At.UtcDateTime, message.GatewayId);
            await ack.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task<SqliteConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is null)
        {
            _connection = new SqliteConnection(PortalDatabase.ConnectionString(paths.DatabasePath));
            await _connection.OpenAsync(ct);
            await using var pragma = _connection.CreateCommand();
            // Wait for a page's short write instead of failing the batch. FULL: a batch is acknowledged to the
            // broker once committed, so the commit must survive a power cut too, not only a crash of the process.
            pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return _connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
