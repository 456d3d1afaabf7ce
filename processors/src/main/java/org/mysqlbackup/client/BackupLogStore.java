package org.mysqlbackup.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;

/** {@code BackupLogs} and {@code TransferLogs} of the client database. */
public class BackupLogStore {
    private static final String COLUMNS = "Id, ConfigName, StartTime, EndTime, Status, Step, FilePath, FileName,"
            + " FileSize, Sha256, ErrorMessage, ResumeToken, DowntimeMs, DurationMs, MySqlRunningAfter";

    private final Sql sql;
    private final Clock clock;

    public BackupLogStore(DataSource dataSource, Clock clock) {
        this.sql = new Sql(dataSource, "client database");
        this.clock = clock;
    }

    /** Inserts the Queued row of a new backup and returns its id. */
    public long start(BackupRun run) {
        return sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, Status, Step) VALUES (?, ?, ?, ?)",
                run.configName(), run.startedAt().toString(), BackupStatus.Queued.name(), run.step().label());
    }

    public void step(BackupRun run) {
        sql.update("UPDATE BackupLogs SET Status = ?, Step = ?, ResumeToken = ? WHERE Id = ?",
                run.step().status().name(), run.step().label(), run.transferId(), run.logId());
    }

    /** Writes the final state of a backup, whatever its outcome. */
    public void finish(BackupRun run) {
        BackupStatus status = run.finalStatus().orElseThrow(() -> new IllegalStateException("backup has not ended"));
        sql.update("UPDATE BackupLogs SET EndTime = ?, Status = ?, Step = ?, FilePath = ?, FileName = ?, FileSize = ?,"
                        + " Sha256 = ?, ErrorMessage = ?, ResumeToken = ?, DowntimeMs = ?, DurationMs = ?,"
                        + " MySqlRunningAfter = ? WHERE Id = ?",
                clock.instant().toString(),
                status.name(),
                run.failedStep().orElse(run.step()).label(),
                run.storedPath(),
                run.storedName(),
                run.zipSize() > 0 ? run.zipSize() : null,
                run.sha256(),
                run.failureReason().orElse(null),
                status == BackupStatus.Completed ? null : run.transferId(),
                run.downtime().map(d -> d.toMillis()).orElse(null),
                run.duration().toMillis(),
                run.restartFailure().isEmpty(),
                run.logId());
    }

    public void chunkStored(long backupLogId, int index, int size) {
        sql.update("INSERT INTO TransferLogs (BackupLogId, ChunkIndex, ChunkSize, TransferTime, Status)"
                + " VALUES (?, ?, ?, ?, 'Stored')", backupLogId, index, size, clock.instant().toString());
    }

    public Optional<BackupLogRow> find(long id) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE Id = ?", BackupLogStore::row, id)
                .stream().findFirst();
    }

    public List<BackupLogRow> recent(int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs ORDER BY Id DESC LIMIT ?", BackupLogStore::row, limit);
    }

    public long chunksStored(long backupLogId) {
        return sql.count("SELECT COUNT(*) FROM TransferLogs WHERE BackupLogId = ? AND Status = 'Stored'", backupLogId);
    }

    private static BackupLogRow row(ResultSet rs) throws SQLException {
        return new BackupLogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BackupStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                Sql.nullableLong(rs, 9), rs.getString(10), rs.getString(11), rs.getString(12),
                Sql.nullableLong(rs, 13), Sql.nullableLong(rs, 14),
                rs.getObject(15) == null ? null : rs.getBoolean(15));
    }
}
