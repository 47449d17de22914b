using Microsoft.Data.Sqlite;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Telemetry;

/// <summary>
/// Writes a triaged batch in one transaction: intervals idempotently (the same interval twice is
/// stored once: delivery is at-least-once), live values as the latest per meter, gateway presence
/// and configuration acknowledgements. Plain ADO.NET on purpose: this is the hot path.
/// </summary>
public sealed class TelemetryStore(PortalPaths paths, Energy.EnergyBalanceSignal balances, TimeProvider clock) : IAsyncDisposable
{
    private SqliteConnection? _connection;

    /// <param name="NewDecisions">Decision actions stored for the first time (duplicates left out), for the live pages.</param>
    public sealed record Outcome(int IntervalsStored, int IntervalDuplicates, int LiveStored, IReadOnlyList<Control.ControlDecisionRecord>? NewDecisions = null);

    public async Task<Outcome> WriteAsync(IngestionBatch batch, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var stored = await WriteIntervalsAsync(transaction, batch.Intervals, now, ct);
        await WriteLiveAsync(transaction, batch, now, ct);
        await WritePresenceAsync(transaction, batch, now, ct);
        await WriteAcksAsync(transaction, batch.Acks, ct);
        var decisions = await WriteDecisionsAsync(transaction, batch, now, ct);
        await WriteControlStatesAsync(transaction, batch, now, ct);
        await transaction.CommitAsync(ct);
        if (stored > 0)
        {
            // The intervals queued their quarter-hours for the energy balance (MeterIntervalWriter).
            balances.Nudge();
        }

        return new Outcome(stored, batch.Intervals.Count - stored, batch.Live.Count, decisions);
    }

    private static async Task<List<Control.ControlDecisionRecord>> WriteDecisionsAsync(SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        var stored = new List<Control.ControlDecisionRecord>();
        if (batch.ControlDecisions.Count == 0)
        {
            return stored;
        }

        // At-least-once: a decision delivered again hits the unique (gateway, sequence, action) index and is skipped.
        await using var insert = SqliteCommands.Prepare(transaction,
            "INSERT INTO ControlDecisions (GatewayId, Sequence, ActionIndex, AtUtc, Kind, TargetId, Reason, \"On\", LimitA, Phases, Detail, Figures) " +
            "VALUES ($gateway, $sequence, $index, $at, $kind, $target, $reason, $on, $limit, $phases, $detail, $figures) " +
            "ON CONFLICT (GatewayId, Sequence, ActionIndex) DO NOTHING;",
            "$gateway", "$sequence", "$index", "$at", "$kind", "$target", "$reason", "$on", "$limit", "$phases", "$detail", "$figures");
        foreach (var (message, _) in batch.ControlDecisions)
        {
            for (var i = 0; i < message.Actions.Count; i++)
            {
                var a = message.Actions[i];
                SqliteCommands.Bind(insert, message.GatewayId, message.Sequence, i, message.At.UtcDateTime, a.Kind.ToString(), a.TargetId, a.Reason.ToString(),
                    a.On, a.LimitA?.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Phases, a.Detail,
                    a.Figures is { } figures ? Control.DecisionFiguresJson.Serialize(figures) : null);
                if (await insert.ExecuteNonQueryAsync(ct) == 1)
                {
                    stored.Add(new Control.ControlDecisionRecord
                    {
                        GatewayId = message.GatewayId, Sequence = message.Sequence, ActionIndex = i, AtUtc = message.At.UtcDateTime, Kind = a.Kind,
                        TargetId = a.TargetId, Reason = a.Reason, On = a.On, LimitA = a.LimitA, Phases = a.Phases, Detail = a.Detail, Figures = a.Figures,
                    });
                }
            }
        }

        return stored;
    }

    private static async Task WriteControlStatesAsync(SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        if (batch.ControlStates.Count == 0)
        {
            return;
        }

        await using var upsert = SqliteCommands.Prepare(transaction,
            "INSERT INTO ControlStates (GatewayId, Json, AtUtc, ReceivedUtc) VALUES ($gateway, $json, $at, $received) " +
            "ON CONFLICT (GatewayId) DO UPDATE SET Json = excluded.Json, AtUtc = excluded.AtUtc, ReceivedUtc = excluded.ReceivedUtc " +
            "WHERE excluded.AtUtc >= ControlStates.AtUtc;",
            "$gateway", "$json", "$at", "$received");
        foreach (var (message, _, json) in batch.ControlStates.Values)
        {
            SqliteCommands.Bind(upsert, message.GatewayId, json, message.At.UtcDateTime, now);
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<int> WriteIntervalsAsync(SqliteTransaction transaction, List<IntervalEnergyMessage> intervals, DateTime now, CancellationToken ct)
    {
        var rows = intervals.ConvertAll(i => new MeterInterval
        {
            MeterId = i.MeterId,
            StartUtc = i.IntervalStart.UtcDateTime,
            EndUtc = i.IntervalEnd.UtcDateTime,
            ImportWh = i.ImportWh,
            ExportWh = i.ExportWh,
            CounterWentBackwards = i.CounterWentBackwards,
            GatewayId = i.GatewayId,
            Sequence = i.Sequence,
            ReceivedUtc = now,
        });
        return (await MeterIntervalWriter.InsertAsync(transaction, rows, ct)).Count;
    }

    private static async Task WriteLiveAsync(SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        if (batch.Live.Count == 0)
        {
            return;
        }

        await using var upsert = SqliteCommands.Prepare(transaction,
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
            SqliteCommands.Bind(upsert, live.MeterId, live.MeasuredAt.UtcDateTime, now, live.ActivePowerW, live.ImportRegisterWh, live.ExportRegisterWh,
                live.VoltageV?.L1, live.VoltageV?.L2, live.VoltageV?.L3, live.CurrentA?.L1, live.CurrentA?.L2, live.CurrentA?.L3,
                live.ActivePowerPhaseW?.L1, live.ActivePowerPhaseW?.L2, live.ActivePowerPhaseW?.L3, live.FrequencyHz);
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WritePresenceAsync(SqliteTransaction transaction, IngestionBatch batch, DateTime now, CancellationToken ct)
    {
        // Online since: kept while the gateway stays online and heard within the silence the portal tolerates
        // (the same rule that calls it offline without a last will), else it starts now. SET reads the old values.
        const string OnlineSince = "CASE WHEN IsOnline = 1 AND OnlineSinceUtc IS NOT NULL AND LastSeenUtc >= $silentBefore THEN OnlineSinceUtc ELSE $now END";
        var silentBefore = now - Commissioning.MeterInspector.GatewaySilentAfter;
        await using var seen = SqliteCommands.Prepare(transaction,
            $"UPDATE Gateways SET OnlineSinceUtc = {OnlineSince}, LastSeenUtc = $now, IsOnline = 1 WHERE Id = $gateway;", "$now", "$silentBefore", "$gateway");
        foreach (var gateway in batch.GatewaysSeen)
        {
            SqliteCommands.Bind(seen, now, silentBefore, gateway);
            await seen.ExecuteNonQueryAsync(ct);
        }

        await using var status = SqliteCommands.Prepare(transaction,
            $"UPDATE Gateways SET OnlineSinceUtc = CASE WHEN $online = 1 THEN {OnlineSince} ELSE NULL END, " +
            "IsOnline = $online, LastSeenUtc = CASE WHEN $online = 1 THEN $now ELSE LastSeenUtc END, " +
            "OutboxBacklog = COALESCE($backlog, OutboxBacklog) WHERE Id = $gateway;",
            "$online", "$now", "$silentBefore", "$backlog", "$gateway");
        foreach (var message in batch.Statuses)
        {
            SqliteCommands.Bind(status, message.State == GatewayState.Online, now, silentBefore, message.OutboxBacklog, message.GatewayId);
            await status.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WriteAcksAsync(SqliteTransaction transaction, List<ConfigAckMessage> acks, CancellationToken ct)
    {
        // An acknowledgement of an older version than one already acknowledged changes nothing.
        await using var ack = SqliteCommands.Prepare(transaction,
            "UPDATE Gateways SET AckedConfigVersion = $version, ConfigOutcome = $outcome, ConfigRejectReason = $reason, ConfigAckUtc = $at " +
            "WHERE Id = $gateway AND (AckedConfigVersion IS NULL OR AckedConfigVersion <= $version);",
            "$version", "$outcome", "$reason", "$at", "$gateway");
        foreach (var message in acks)
        {
            SqliteCommands.Bind(ack, message.Version, message.Outcome.ToString(), message.Reason, message.At.UtcDateTime, message.GatewayId);
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

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
