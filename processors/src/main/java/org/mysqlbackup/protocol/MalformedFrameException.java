package org.mysqlbackup.protocol;

/** A peer sent bytes that are not a valid frame; the connection that carried them is closed. */
public class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
