package org.mysqlbackup.drill;

/** The throwaway server did not come up; carries the end of its error log. */
public class BootFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorLogTail;

    public BootFailedException(String message, String errorLogTail) {
        super(message);
        this.errorLogTail = errorLogTail == null ? "" : errorLogTail;
    }

    /** The last lines of the server's error log, empty if it wrote none. */
    public String errorLogTail() {
        return errorLogTail;
    }
}
