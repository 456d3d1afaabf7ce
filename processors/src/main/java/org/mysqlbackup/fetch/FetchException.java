package org.mysqlbackup.fetch;

/**
 * A fetch or list that did not succeed, with the reason. {@link #resumable()}: the work files are
 * kept and the next fetch of the same backup goes on where this one stopped.
 */
public class FetchException extends RuntimeException {
    private final boolean resumable;

    public FetchException(String message, boolean resumable, Throwable cause) {
        super(message, cause);
        this.resumable = resumable;
    }

    public boolean resumable() {
        return resumable;
    }
}
