package org.mysqlbackup.snapshot;

import java.nio.file.Path;

/**
 * A finished snapshot archive.
 *
 * @param size        archive size in bytes
 * @param sha256      hex SHA-256 of the archive
 * @param md5         hex MD5 of the archive
 * @param files       regular files archived
 * @param sourceBytes their total size before compression
 */
public record SnapshotResult(Path archive, long size, String sha256, String md5, int files, long sourceBytes) {
}
