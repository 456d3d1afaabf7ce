package org.mysqlbackup.protocol;

/** Reasons a server refuses a request. {@link #retryable()} tells the client whether sending again can help. */
public enum ErrorCode {
    /** The frame or its metadata does not make sense. */
    BAD_REQUEST(false),
    /** The transfer id is not known (expired, or finalized already). */
    UNKNOWN_TRANSFER(false),
    /** A chunk's bytes do not match its SHA-256: damaged in transit, send it again. */
    CHUNK_CHECKSUM_MISMATCH(true),
    /** The assembled file does not match the announced size or checksums. */
    FILE_CHECKSUM_MISMATCH(false),
    /** Some chunks are missing at finalize. */
    INCOMPLETE(true),
    /** The server has no room for the file. */
    NO_SPACE(false),
    /** The client certificate does not identify an allowed client. */
    NOT_AUTHORIZED(false),
    /**
     * No stored backup answers the request: none with that id or selection, deleted, not
     * Completed, or another client's (which is answered exactly like a missing one).
     */
    NO_SUCH_BACKUP(false),
    /** Anything else that went wrong on the server. */
    INTERNAL(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
