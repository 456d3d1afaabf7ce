package org.mysqlbackup.report;

import java.time.Instant;
import java.util.List;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Times;

/** A backup as a test writes it into the client's {@code BackupLogs}, with its {@code TransferLogs}. */
public record LoggedBackup(String configName, Instant startTime, Instant endTime, BackupStatus status, String step,
                           String filePath, String fileName, Long fileSize, String sha256, String errorMessage,
                           String resumeToken, Long downtimeMs, Long durationMs, Boolean mysqlRunningAfter,
                           String localFile, String md5, Integer chunkSize, Long bytesTransferred, Long transferRate,
                           Instant updatedAt, List<Chunk> chunks) {

    /** One {@code TransferLogs} row. */
    public record Chunk(int index, int size, Instant time, String status) {
    }

    /** The row {@code BackupLogStore} reads back for this backup stored under {@code id}. */
    public BackupLogRow row(long id) {
        return new BackupLogRow(id, configName, Times.format(startTime), text(endTime), status, step, filePath, fileName,
                fileSize, sha256, errorMessage, resumeToken, downtimeMs, durationMs, mysqlRunningAfter, localFile, md5,
                chunkSize, bytesTransferred, transferRate, text(updatedAt), null, null, null, null, null, null);
    }

    public boolean finished() {
        return status == BackupStatus.Completed || status == BackupStatus.Failed || status == BackupStatus.Cancelled;
    }

    private static String text(Instant instant) {
        return instant == null ? null : Times.format(instant);
    }
}
