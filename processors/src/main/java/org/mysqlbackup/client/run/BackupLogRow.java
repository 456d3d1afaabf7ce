package org.mysqlbackup.client.run;

/** One row of the client's {@code BackupLogs}, as read back for history, status and resume. */
public record BackupLogRow(long id, String configName, String startTime, String endTime, BackupStatus status,
                           String step, String filePath, String fileName, Long fileSize, String sha256,
                           String errorMessage, String resumeToken, Long downtimeMs, Long durationMs,
                           Boolean mysqlRunningAfter, String localFile, String md5, Integer chunkSize,
                           Long bytesTransferred, Long transferRate, String updatedAt) {
}
