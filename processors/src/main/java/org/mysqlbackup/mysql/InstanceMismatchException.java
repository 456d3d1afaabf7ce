package org.mysqlbackup.mysql;

/**
 * A server answers where the configured instance should, but it is another one (its data
 * directory, pid file or port differ): for the backup it is as if the instance did not answer.
 */
public class InstanceMismatchException extends MySqlUnavailableException {
    public InstanceMismatchException(String message) {
        super(message);
    }
}
