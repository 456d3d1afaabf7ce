package org.mysqlbackup.server.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * One line per client and configuration the server knows (from its history or from a schedule a
 * client announced): the last stored backup, what is wrong now if anything, and when the next one
 * is expected. The state is the worst that holds, in this order: {@code running} (a transfer is
 * open), {@code corrupt} (the newest stored backup failed verify), {@code drill-failed} (its drill
 * failed), {@code failed} (the newest transfer failed), {@code overdue} (the overdue watch alerted),
 * {@code ok}; {@code none} before the first stored backup.
 */
public class ClientStates {
    private final Sql sql;

    public ClientStates(DataSource db) {
        this.sql = new Sql(db, "server history");
    }

    /**
     * @param lastStoredId    the newest Completed row, whose file retention has not deleted; null if none
     * @param lastStoredPath  its file, relative to the storage root
     * @param downtimeMs      filled in by the caller from the stored backup's manifest, null here
     * @param nextExpectedAt  last stored snapshot plus the longest gap between the configuration's scheduled runs
     */
    public record State(String client, String configuration, String state, Long lastStoredId, String lastStoredAt,
                        String lastStoredPath, Long lastSize, Long lastDurationMs, Long downtimeMs,
                        String lastFailedAt, String lastError, String verifyResult, String drillResult,
                        String overdueSince, String nextExpectedAt) {
        public State withDowntime(Long downtime) {
            return new State(client, configuration, state, lastStoredId, lastStoredAt, lastStoredPath, lastSize,
                    lastDurationMs, downtime, lastFailedAt, lastError, verifyResult, drillResult, overdueSince,
                    nextExpectedAt);
        }
    }

    public List<State> all() {
        String lastStored = "(SELECT MAX(Id) FROM BackupLogs s WHERE s.ClientId = k.ClientId AND s.ConfigName = k.ConfigName"
                + " AND s.Status = 'Completed' AND s.DeletedAt IS NULL)";
        String newest = "(SELECT MAX(Id) FROM BackupLogs n WHERE n.ClientId = k.ClientId AND n.ConfigName = k.ConfigName)";
        String query = "SELECT k.ClientId, k.ConfigName, c.Id, c.EndTime, c.FileSize, c.StartTime, c.CreatedAtMs,"
                + " c.VerifyResult, c.DrillResult, n.Status, n.EndTime, n.ErrorMessage, o.OverdueSince, e.IntervalMs,"
                + " (SELECT COUNT(*) FROM BackupLogs r WHERE r.ClientId = k.ClientId AND r.ConfigName = k.ConfigName"
                + "  AND r.Status IN ('Transferring', 'Verifying')), c.FilePath"
                + " FROM (SELECT ClientId, ConfigName FROM BackupLogs UNION SELECT ClientId, ConfigName FROM ExpectedBackups) k"
                + " LEFT JOIN BackupLogs c ON c.Id = " + lastStored
                + " LEFT JOIN BackupLogs n ON n.Id = " + newest
                + " LEFT JOIN OverdueStates o ON o.ClientId = k.ClientId AND o.ConfigName = k.ConfigName"
                + " LEFT JOIN ExpectedBackups e ON e.ClientId = k.ClientId AND e.ConfigName = k.ConfigName"
                + " ORDER BY k.ClientId, k.ConfigName";
        List<State> states = new ArrayList<>();
        sql.query(query, rs -> {
            Long storedId = Sql.nullableLong(rs, 3);
            String storedAt = rs.getString(4);
            Long size = Sql.nullableLong(rs, 5);
            String started = rs.getString(6);
            Long snapshotMs = Sql.nullableLong(rs, 7);
            String verify = rs.getString(8);
            String drill = rs.getString(9);
            String newestStatus = rs.getString(10);
            String newestEnd = rs.getString(11);
            String newestError = rs.getString(12);
            String overdueSince = rs.getString(13);
            Long intervalMs = Sql.nullableLong(rs, 14);
            long running = rs.getLong(15);
            Long duration = storedAt == null || started == null ? null
                    : Duration.between(Instant.parse(started), Instant.parse(storedAt)).toMillis();
            String next = null;
            if (intervalMs != null && (snapshotMs != null || storedAt != null)) {
                Instant base = snapshotMs != null ? Instant.ofEpochMilli(snapshotMs) : Instant.parse(storedAt);
                next = Times.format(base.plusMillis(intervalMs));
            }
            boolean failed = "Failed".equals(newestStatus);
            String state = running > 0 ? "running"
                    : "corrupt".equals(verify) || "missing".equals(verify) ? "corrupt"
                    : "failed".equals(drill) || "could-not-boot".equals(drill) ? "drill-failed"
                    : failed ? "failed"
                    : overdueSince != null ? "overdue"
                    : storedId == null ? "none" : "ok";
            states.add(new State(rs.getString(1), rs.getString(2), state, storedId, storedAt, rs.getString(16), size,
                    duration, null,
                    failed ? newestEnd : null, failed ? newestError : null, verify, drill, overdueSince, next));
            return null;
        });
        return states;
    }
}
