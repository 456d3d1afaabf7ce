package org.mysqlbackup.snapshot;

/**
 * One regular file of a snapshot archive.
 *
 * @param path relative to the data directory, forward slashes
 * @param size bytes before compression
 */
public record ArchivedFile(String path, long size) {
}
