package org.mysqlbackup.restore;

/**
 * A restore step that failed, with what state it left: {@link #mysqlRunning()} is false only when
 * MySQL, stopped by the restore, could not be brought back (on either data directory).
 */
public class RestoreStepException extends Exception {
    private final String step;
    private final boolean mysqlRunning;

    public RestoreStepException(String step, String message, boolean mysqlRunning, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.mysqlRunning = mysqlRunning;
    }

    public String step() {
        return step;
    }

    public boolean mysqlRunning() {
        return mysqlRunning;
    }
}
