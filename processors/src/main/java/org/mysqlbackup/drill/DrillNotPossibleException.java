package org.mysqlbackup.drill;

/**
 * The drill could not be carried out on this host, which says nothing about the backup: no server
 * binary, a server of another version than the backup's, a scratch folder that cannot be written.
 * Nothing is recorded for the backup; the message says what to change.
 */
public class DrillNotPossibleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrillNotPossibleException(String message) {
        super(message);
    }

    public DrillNotPossibleException(String message, Throwable cause) {
        super(message, cause);
    }
}
