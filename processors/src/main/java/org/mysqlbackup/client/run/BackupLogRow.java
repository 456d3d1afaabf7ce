package org.mysqlbackup.client.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the client's {@code BackupLogs}, as read back for history, status and resume.
 *
 * @param snapshotMethod how the data directory was captured: zip, copy or reflink (null before the snapshot)
 * @param cancelRequested why and by whom a cancel was asked for; null if none was
 * @param triggeredBy    {@code schedule} or {@code manual} (null for rows older than client schema version 10)
 * @param ownerPid       the process running (or that ran) the backup; null for rows older than owners
 * @param ownerStartedAt when that process started
 * @param workPrefix     {@code <work-dir>/<name>} of its work files, once the snapshot began
 *                       (the last three are the guard's, not part of the history's exports)
 */
public record BackupLogRow(long id, String configName, String startTime, String endTime, BackupStatus status,
                           String step, String filePath, String fileName, Long fileSize, String sha256,
                           String errorMessage, String resumeToken, Long downtimeMs, Long durationMs,
                           Boolean mysqlRunningAfter, String localFile, String md5, Integer chunkSize,
                           Long bytesTransferred, Long transferRate, String updatedAt, String snapshotMethod,
                           String cancelRequested, String triggeredBy, @JsonIgnore Long ownerPid,
                           @JsonIgnore String ownerStartedAt, @JsonIgnore String workPrefix) {

    @JsonIgnore
    public Optional<RunOwner> owner() {
        return RunOwner.of(ownerPid, ownerStartedAt == null ? null : Instant.parse(ownerStartedAt));
    }

    /**
     * Not ended, and its process is gone: the client died while running it (rows from before
     * owners were recorded count as dead once they are unfinished).
     */
    @JsonIgnore
    public boolean isDead() {
        return !status.isFinal() && owner().map(o -> !o.isAlive()).orElse(true);
    }

    /**
     * The row as history shows it: a dead run is Failed (as the next guard will record it), never
     * one of the running statuses.
     */
    @JsonIgnore
    public BackupLogRow asSeenNow() {
        if (!isDead()) {
            return this;
        }
        return new BackupLogRow(id, configName, startTime, endTime, BackupStatus.Failed, step, filePath, fileName,
                fileSize, sha256, "the client process ended during " + step
                + " (not closed yet: backup-client recover, or the daemon's next start, closes it)", resumeToken,
                downtimeMs, durationMs, mysqlRunningAfter, localFile, md5, chunkSize, bytesTransferred, transferRate,
                updatedAt, snapshotMethod, cancelRequested, triggeredBy, ownerPid, ownerStartedAt, workPrefix);
    }
}
