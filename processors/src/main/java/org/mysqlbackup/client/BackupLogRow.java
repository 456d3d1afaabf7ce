package org.mysqlbackup.client;

/** One row of the client's {@code BackupLogs}, as read back for history and tests. */
public record BackupLogRow(long id, String configName, String startTime, String endTime, BackupStatus status,
                           String step, String filePath, String fileName, Long fileSize, String sha256,
                           String errorMessage, String resumeToken, Long downtimeMs, Long durationMs,
                           Boolean mysqlRunningAfter) {
}
