package org.mysqlbackup.protocol;

/** Can the server store a file of at most {@code bytes} (and keep its reserve)? */
public record SpaceQuery(long bytes) {
}
