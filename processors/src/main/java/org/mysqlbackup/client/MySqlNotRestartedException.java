package org.mysqlbackup.client;

/** Critical: MySQL was stopped for a backup and is not serving again. */
public class MySqlNotRestartedException extends RuntimeException {
    public MySqlNotRestartedException(String message) {
        super(message);
    }
}
