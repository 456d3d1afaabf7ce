package org.mysqlbackup.verify;

import java.time.Instant;

/**
 * A stored backup as verify sees it: its {@code BackupLogs} row and what the last verify found.
 *
 * @param id           the row id
 * @param clientId     the client it came from
 * @param configName   its configuration
 * @param createdAt    its snapshot time
 * @param filePath     relative to the storage root
 * @param fileSize     bytes as stored
 * @param sha256       whole-file SHA-256 recorded at finalize
 * @param verifiedAt   when it was last verified, null if never
 * @param verifyResult what that found, null if never
 * @param verifyReason what was wrong, null when intact or never verified
 */
public record StoredFile(long id, String clientId, String configName, Instant createdAt, String filePath,
                         long fileSize, String sha256, Instant verifiedAt, VerifyResult verifyResult,
                         String verifyReason) {
}
