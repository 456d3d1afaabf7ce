package org.mysqlbackup.server.history;

/**
 * One transfer in the server's history ({@code BackupLogs}), every column an operator can ask
 * about: how it went, where its file is, and what verify, drill and retention later found.
 */
public record ServerLogRow(long id, String transferId, String client, String configuration, String databaseName,
                           String startTime, String endTime, String status, String snapshotTime, String fileName,
                           String filePath, long fileSize, int chunkSize, String sha256, String md5,
                           String errorMessage, String verifiedAt, String verifyResult, String verifyReason,
                           String drilledAt, String drillResult, String drillReason, String deletedAt,
                           String deletionReason) {
}
