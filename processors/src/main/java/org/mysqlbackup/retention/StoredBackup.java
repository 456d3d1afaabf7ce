package org.mysqlbackup.retention;

import java.time.Instant;

/**
 * One backup file the server holds, as retention sees it.
 *
 * @param path      relative to the storage root
 * @param client    the client it came from
 * @param config    its backup configuration
 * @param createdAt when its snapshot was taken
 * @param bytes     its size
 * @param good      whether it was verified and stored completely (a good backup can be restored)
 */
public record StoredBackup(String path, String client, String config, Instant createdAt, long bytes, boolean good) {
}
