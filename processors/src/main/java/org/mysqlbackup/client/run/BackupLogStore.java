package org.mysqlbackup.client.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/** {@code BackupLogs} and {@code TransferLogs} of the client database. */
public class BackupLogStore {
    /** The columns {@link #row} reads, in its order (the history search selects them too). */
    public static final String COLUMNS = "Id, ConfigName, StartTime, EndTime, Status, Step, FilePath, FileName,"
            + " FileSize, Sha256, ErrorMessage, ResumeToken, DowntimeMs, DurationMs, MySqlRunningAfter, LocalFile, Md5,"
            + " ChunkSize, BytesTransferred, TransferRate, UpdatedAt, OwnerPid, OwnerStartedAt, WorkPrefix, SnapshotMethod,"
            + " CancelRequested, TriggeredBy";
    /** {@code TriggeredBy} of a backup the daemon's schedule started. */
    public static final String SCHEDULE = "schedule";
    /** {@code TriggeredBy} of a backup a person asked for (backup-now, send, the console). */
    public static final String MANUAL = "manual";
    private static final String FINAL = "('Completed', 'Failed', 'Cancelled')";

    private final Sql sql;
    private final Clock clock;

    public BackupLogStore(DataSource dataSource, Clock clock) {
        this.sql = new Sql(dataSource, "client database");
        this.clock = clock;
    }

    /** Inserts the Queued row of a new backup a person asked for, owned by {@code owner}, and returns its id. */
    public long start(BackupRun run, RunOwner owner) {
        return start(run, owner, MANUAL);
    }

    /**
     * Inserts the Queued row of a new backup, owned by {@code owner}, and returns its id.
     *
     * @param triggeredBy {@link #SCHEDULE} or {@link #MANUAL}
     */
    public long start(BackupRun run, RunOwner owner, String triggeredBy) {
        return sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, Status, Step, UpdatedAt, OwnerPid,"
                        + " OwnerStartedAt, TriggeredBy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                run.configName(), Times.format(run.startedAt()), BackupStatus.Queued.name(), run.step().label(),
                Times.format(clock.instant()), owner.pid(), startedAt(owner), triggeredBy);
    }

    /** A resume of backup {@code id} runs in {@code owner} from now on: it is not a dead run while it does. */
    public void takeOver(long id, RunOwner owner) {
        sql.update("UPDATE BackupLogs SET OwnerPid = ?, OwnerStartedAt = ?, UpdatedAt = ? WHERE Id = ?", owner.pid(),
                startedAt(owner), Times.format(clock.instant()), id);
    }

    /** Where the backup's work files go ({@code <prefix>.zip}, {@code <prefix>.copy/}), before any is written. */
    public void workPrefix(BackupRun run, java.nio.file.Path prefix) {
        sql.update("UPDATE BackupLogs SET WorkPrefix = ?, UpdatedAt = ? WHERE Id = ?", prefix.toString(),
                Times.format(clock.instant()), run.logId());
    }

    /**
     * Closes the backup {@code row} whose process ended while it ran: Failed at its last step
     * with {@code reason}; its file stays recorded for a resume only if {@code keepFile}. Does
     * nothing (and returns false) if the row has ended or been taken over (a resume) since it was
     * read, so two guards never both close one run and a running resume is never closed.
     */
    public boolean closeDead(BackupLogRow row, String reason, Boolean mysqlRunning, Long downtimeMs,
                             boolean keepFile) {
        String now = Times.format(clock.instant());
        return sql.update("UPDATE BackupLogs SET Status = 'Failed', EndTime = ?, ErrorMessage = ?,"
                        + " MySqlRunningAfter = ?, DowntimeMs = COALESCE(?, DowntimeMs),"
                        + " LocalFile = CASE WHEN ? THEN LocalFile ELSE NULL END,"
                        + " DurationMs = CAST((julianday(?) - julianday(StartTime)) * 86400000 AS INTEGER), UpdatedAt = ?"
                        + " WHERE Id = ? AND Status NOT IN " + FINAL + " AND OwnerPid IS ? AND OwnerStartedAt IS ?",
                now, reason, mysqlRunning, downtimeMs, keepFile, now, now, row.id(), row.ownerPid(),
                row.ownerStartedAt()) == 1;
    }

    private static String startedAt(RunOwner owner) {
        return owner.startedAt() == null ? null : owner.startedAt().toString();
    }

    public void step(BackupRun run) {
        sql.update("UPDATE BackupLogs SET Status = ?, Step = ?, ResumeToken = ?, UpdatedAt = ? WHERE Id = ?",
                run.step().status().name(), run.step().label(), run.delivery().transferId(), Times.format(clock.instant()),
                run.logId());
    }

    /** The file to ship and its checksums, recorded as soon as they exist: what a resume needs. */
    public void fileReady(BackupRun run) {
        sql.update("UPDATE BackupLogs SET LocalFile = ?, FileSize = ?, Sha256 = ?, Md5 = ?, ChunkSize = ?,"
                        + " DowntimeMs = ?, UpdatedAt = ? WHERE Id = ?",
                run.archive().zip().map(Object::toString).orElse(null), run.archive().size(), run.archive().sha256(),
                run.archive().md5(), run.chunkSize(), run.downtime().duration().map(d -> d.toMillis()).orElse(null),
                Times.format(clock.instant()),
                run.logId());
    }

    /** How the data directory was captured, and the downtime it cost, as soon as MySQL serves again. */
    public void snapshotCaptured(BackupRun run) {
        sql.update("UPDATE BackupLogs SET SnapshotMethod = ?, DowntimeMs = ?, UpdatedAt = ? WHERE Id = ?",
                run.archive().snapshotMethod().orElse(null), run.downtime().duration().map(d -> d.toMillis()).orElse(null),
                Times.format(clock.instant()), run.logId());
    }

    public void progress(BackupRun run) {
        sql.update("UPDATE BackupLogs SET BytesTransferred = ?, TransferRate = ?, UpdatedAt = ? WHERE Id = ?",
                run.progress().confirmedBytes(), run.progress().rate(), Times.format(clock.instant()), run.logId());
    }

    /** Writes the final state of a backup, whatever its outcome. */
    public void finish(BackupRun run) {
        Outcome outcome = run.outcome().orElseThrow(() -> new IllegalStateException("backup has not ended"));
        BackupStatus status = outcome.status();
        boolean completed = status == BackupStatus.Completed;
        Archive archive = run.archive();
        sql.update("UPDATE BackupLogs SET EndTime = ?, Status = ?, Step = ?, FilePath = ?, FileName = ?, FileSize = ?,"
                        + " Sha256 = ?, Md5 = ?, ErrorMessage = ?, ResumeToken = ?, DowntimeMs = ?, DurationMs = ?,"
                        + " MySqlRunningAfter = ?, LocalFile = ?, BytesTransferred = ?, SnapshotMethod = ?, UpdatedAt = ?"
                        + " WHERE Id = ?",
                Times.format(clock.instant()),
                status.name(),
                outcome.step().orElse(run.step()).label(),
                run.delivery().storedPath(),
                run.delivery().storedName(),
                archive.size() > 0 || archive.isComplete() ? archive.size() : null,
                archive.sha256(),
                archive.md5(),
                outcome.failure().orElse(null),
                completed ? null : run.delivery().transferId(),
                run.downtime().duration().map(d -> d.toMillis()).orElse(null),
                run.duration().toMillis(),
                outcome.mysqlRunning(),
                run.resumable() ? archive.zip().map(Object::toString).orElse(null) : null,
                run.progress().confirmedBytes(),
                archive.snapshotMethod().orElse(null),
                Times.format(clock.instant()),
                run.logId());
    }

    /** The resume data of a backup is gone (shipped, expired, or its file vanished). */
    public void forgetLocalFile(long id, String reason) {
        sql.update("UPDATE BackupLogs SET LocalFile = NULL, ErrorMessage = COALESCE(?, ErrorMessage),"
                + " Status = CASE WHEN Status = 'Completed' THEN Status ELSE 'Failed' END, UpdatedAt = ? WHERE Id = ?",
                reason, Times.format(clock.instant()), id);
    }

    /**
     * Asks the process running backup {@code id} (or every unfinished backup when {@code id} is
     * null) to cancel it; returns how many backups were asked.
     */
    public int requestCancel(Long id, String reason) {
        String where = id == null ? "" : " AND Id = " + id.longValue();
        return sql.update("UPDATE BackupLogs SET CancelRequested = ? WHERE Status NOT IN ('Completed', 'Failed',"
                + " 'Cancelled') AND CancelRequested IS NULL" + where, reason);
    }

    /** Cancel requests of unfinished backups: id to reason. */
    public java.util.Map<Long, String> cancelRequests() {
        java.util.Map<Long, String> requests = new java.util.HashMap<>();
        sql.query("SELECT Id, CancelRequested FROM BackupLogs WHERE CancelRequested IS NOT NULL AND Status NOT IN"
                + " ('Completed', 'Failed', 'Cancelled')", rs -> requests.put(rs.getLong(1), rs.getString(2)));
        return requests;
    }

    public void chunkStored(long backupLogId, int index, int size) {
        sql.update("INSERT INTO TransferLogs (BackupLogId, ChunkIndex, ChunkSize, TransferTime, Status)"
                + " VALUES (?, ?, ?, ?, 'Stored')", backupLogId, index, size, Times.format(clock.instant()));
    }

    public Optional<BackupLogRow> find(long id) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE Id = ?", BackupLogStore::row, id)
                .stream().findFirst();
    }

    public List<BackupLogRow> recent(int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs ORDER BY Id DESC LIMIT ?", BackupLogStore::row, limit);
    }

    /** Backups whose file is still here to be shipped: failed during the transfer, or interrupted. */
    public List<BackupLogRow> resumable() {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE LocalFile IS NOT NULL AND Sha256 IS NOT NULL"
                + " AND Status NOT IN ('Completed', 'Cancelled') ORDER BY Id", BackupLogStore::row);
    }

    /** Backups that have not ended: running now, or interrupted by a crash of the client. */
    public List<BackupLogRow> unfinished() {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE Status NOT IN ('Completed', 'Failed', 'Cancelled')"
                + " ORDER BY Id", BackupLogStore::row);
    }

    public long chunksStored(long backupLogId) {
        return sql.count("SELECT COUNT(*) FROM TransferLogs WHERE BackupLogId = ? AND Status = 'Stored'", backupLogId);
    }

    /** Maps a row selected with {@link #COLUMNS}. */
    public static BackupLogRow row(ResultSet rs) throws SQLException {
        Long chunkSize = Sql.nullableLong(rs, 18);
        return new BackupLogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BackupStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                Sql.nullableLong(rs, 9), rs.getString(10), rs.getString(11), rs.getString(12),
                Sql.nullableLong(rs, 13), Sql.nullableLong(rs, 14),
                rs.getObject(15) == null ? null : rs.getBoolean(15), rs.getString(16), rs.getString(17),
                chunkSize == null ? null : chunkSize.intValue(), Sql.nullableLong(rs, 19), Sql.nullableLong(rs, 20),
                rs.getString(21), rs.getString(25), rs.getString(26), rs.getString(27), Sql.nullableLong(rs, 22),
                rs.getString(23), rs.getString(24));
    }
}
