package org.mysqlbackup.mysql;

/** A service command could not be run, failed, or ran past its deadline. */
public class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
