package org.mysqlbackup.protocol;

/** The server's free space, its reserve, and whether the queried size fits. */
public record SpaceAnswer(long freeBytes, long reserveBytes, boolean enough) {
}
