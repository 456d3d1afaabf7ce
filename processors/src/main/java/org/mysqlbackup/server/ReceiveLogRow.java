package org.mysqlbackup.server;

/** One row of the server's {@code BackupLogs}. */
public record ReceiveLogRow(long id, String transferId, String clientId, String configName, String startTime,
                            String endTime, String status, String fileName, String filePath, long fileSize,
                            int chunkSize, String sha256, String md5, String errorMessage) {
}
