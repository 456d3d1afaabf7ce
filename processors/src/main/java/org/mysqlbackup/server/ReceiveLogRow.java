package org.mysqlbackup.server;

import org.mysqlbackup.protocol.InitTransfer;

/** One row of the server's {@code BackupLogs}. */
public record ReceiveLogRow(long id, String transferId, String clientId, String configName, String startTime,
                            String endTime, String status, String fileName, String filePath, long fileSize,
                            int chunkSize, String sha256, String md5, String errorMessage, Long createdAtMs,
                            String updatedAt, String databaseName) {

    /** The INIT that opened this transfer, as far as the server needs it to carry on. */
    public InitTransfer init() {
        return new InitTransfer(transferId, configName, fileName, fileSize, chunkSize, sha256, md5,
                createdAtMs == null ? 0 : createdAtMs, databaseName);
    }

    public boolean isOpen() {
        return status.equals("Transferring") || status.equals("Verifying");
    }
}
