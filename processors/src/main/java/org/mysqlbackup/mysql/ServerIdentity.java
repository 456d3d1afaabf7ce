package org.mysqlbackup.mysql;

import java.nio.file.Path;

/**
 * What the server answering on a host and port says it is: {@code VERSION()}, {@code @@datadir},
 * {@code @@pid_file} (resolved against the data directory when relative) and {@code @@port}.
 */
public record ServerIdentity(String version, Path dataDirectory, Path pidFile, int port) {
}
